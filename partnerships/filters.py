import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from partnerships.models import Agreement, AgreementParty, Event, Organisation, Programme
from partnerships.widgets import OrganisationChoiceField
from portal.models import Prefecture, Province, Regency


class OrganisationLookupFilter(django_filters.ModelChoiceFilter):
    field_class = OrganisationChoiceField


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, NPSN, city...")}),
    )
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        to_field_name="code",
        label=_("Province"),
        empty_label=_("All provinces"),
    )
    regency = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.all(),
        to_field_name="code",
        label=_("Regency or city"),
        empty_label=_("All regencies and cities"),
    )
    prefecture = django_filters.ModelChoiceFilter(
        queryset=Prefecture.objects.all(),
        to_field_name="code",
        label=_("Japanese prefecture"),
        empty_label=_("All prefectures"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=[("name", "name"), ("province__name", "province"), ("created_at", "created")],
        field_labels={
            "name": _("Name (A-Z)"),
            "-name": _("Name (Z-A)"),
            "province": _("Province (A-Z)"),
            "-province": _("Province (Z-A)"),
            "created": _("Oldest first"),
            "-created": _("Newest first"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "province", "regency", "prefecture"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        province_code = (data or {}).get("province")
        if province_code:
            # Once a province is chosen, offer only its regencies.
            self.filters["regency"].queryset = Regency.objects.filter(province__code=province_code)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


# Statuses a link may ask for together, after the single ones: the home page's "in force" and
# "signed agreements" link here, and list exactly what they count.
STATUS_GROUPS = {
    "in_force": (_("In force (active or expiring)"), Agreement.IN_FORCE),
    "signed": (_("Signed (any status but draft)"), Agreement.SIGNED),
}


def _signing_years():
    years = Agreement.objects.filter(signed_on__isnull=False).dates("signed_on", "year", "DESC")
    return [(d.year, str(d.year)) for d in years]


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, number, party, signatory...")}
        ),
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        to_field_name="code",
        method="filter_province",
        label=_("Province of a party"),
        empty_label=_("All provinces"),
    )
    # A search box, not a list of every party; links send the slug (?party=<slug>).
    party = OrganisationLookupFilter(
        queryset=Organisation.objects.filter(
            Exists(AgreementParty.objects.filter(organisation=OuterRef("pk")))
        ),
        to_field_name="slug",
        lookup_params={"party": "1"},
        method="filter_party",
        label=_("Party"),
    )
    party_kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices,
        method="filter_party_kind",
        label=_("Kind of party"),
        empty_label=_("All kinds"),
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(),
        to_field_name="code",
        field_name="programmes",
        label=_("Programme"),
        empty_label=_("All programmes"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Agreement.Kind.choices, label=_("Kind of agreement"), empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        choices=[
            *Agreement.Status.choices,
            *((value, label) for value, (label, _statuses) in STATUS_GROUPS.items()),
        ],
        method="filter_status",
        label=_("Status"),
        empty_label=_("Any status"),
    )
    year = django_filters.ChoiceFilter(
        choices=_signing_years,
        method="filter_year",
        label=_("Year signed"),
        empty_label=_("Any year"),
    )
    expiring = django_filters.BooleanFilter(
        method="filter_expiring",
        label=_("Expiring within 90 days"),
        widget=forms.CheckboxInput,
    )
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.all(), widget=forms.HiddenInput, label=_("Signing event")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=[("signed_on", "signed"), ("title", "title"), ("expires_on", "expires")],
        field_labels={
            "-signed": _("Newest signed first"),
            "signed": _("Oldest signed first"),
            "title": _("Title (A-Z)"),
            "-title": _("Title (Z-A)"),
            "expires": _("Expiring first"),
            "-expires": _("Expiring last"),
        },
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        statuses = STATUS_GROUPS[value][1] if value in STATUS_GROUPS else [value]
        return queryset.filter(queryset.status_condition(statuses))

    def filter_year(self, queryset, name, value):
        return queryset.filter(signed_on__year=int(value))

    def filter_province(self, queryset, name, value):
        return queryset.for_province(value)

    def filter_party(self, queryset, name, value):
        return queryset.involving(value)

    def filter_party_kind(self, queryset, name, value):
        return queryset.filter(
            Exists(
                AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation__kind=value)
            )
        )

    def filter_expiring(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(queryset.status_condition([Agreement.Status.EXPIRING]))
