import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation
from portal.models import Prefecture, Province, Regency


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
