from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView

from partnerships.filters import AgreementFilter, OrganisationFilter
from partnerships.forms import OrganisationProfileForm
from partnerships.models import (
    Agreement,
    AgreementParty,
    Event,
    Figure,
    Organisation,
    Position,
    quota_phrase,
)
from portal.access import ScopedObjectMixin, can_change, can_see, get_for
from portal.breadcrumbs import BreadcrumbsMixin
from portal.exports import ExportMixin
from portal.history import HistoryView, latest_records
from portal.pagination import LenientPaginationMixin
from portal.templatetags.portal import data_lang, org_short

# How many agreements an organisation, province or event page shows before linking to the list.
AGREEMENTS_ON_PAGE = 20
EVENT_AGREEMENTS_PAGE_SIZE = 25  # as the list pages (LenientPaginationMixin)
EVENT_PARTICIPANTS_SHOWN = 100


class OrganisationListView(ExportMixin, LenientPaginationMixin, FilterView):
    filterset_class = OrganisationFilter
    template_name = "partnerships/organisation_list.html"
    context_object_name = "organisations"
    strict = False
    export_basename = "organisasi"

    def get_queryset(self):
        return Organisation.objects.with_places().order_by("name")

    def export_headers(self):
        return [
            _("Name"),
            _("Short name"),
            _("Kind"),
            _("Category"),
            _("NPSN"),
            _("Licence number"),
            _("Japanese name"),
            _("Regency or city"),
            _("Province"),
            _("Japanese prefecture"),
            _("Website"),
            _("Demo data"),
        ]

    def export_row(self, o):
        return [
            o.name,
            o.short_name,
            o.get_kind_display(),
            o.get_category_display(),
            o.npsn or "",
            o.licence_number,
            o.name_ja,
            o.regency.name if o.regency else "",
            o.province.name if o.province else "",
            o.prefecture.name if o.prefecture else "",
            o.website,
            _("yes") if o.is_demo else "",
        ]


class OrganisationDetailView(BreadcrumbsMixin, DetailView):
    template_name = "partnerships/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organisation.objects.with_places().select_related("parent"), slug=self.kwargs["slug"]
        )

    def get_breadcrumbs(self):
        province = self.object.province
        return [
            (_("Organisations"), reverse("partnerships:organisation-list")),
            *([(province.name, province.get_absolute_url())] if province else []),
            (org_short(self.object), None),
        ]

    def get_context_data(self, **kwargs):
        organisation = self.object
        agreements = Agreement.objects.involving(organisation).with_status().for_list()
        return super().get_context_data(
            units=organisation.units.with_places(),
            members=organisation.members.with_places(),
            associations=organisation.associations.with_places(),
            positions=Position.objects.with_related().filter(organisation=organisation),
            # Not their participants: a national forum has over 1,500, and the list names
            # the events only.
            events=Event.objects.filter(participants=organisation).select_related("regency"),
            figures=Figure.objects.with_related().filter(organisation=organisation),
            agreements=agreements[:AGREEMENTS_ON_PAGE],
            agreement_count=agreements.count(),
            can_edit=can_change(self.request.user, organisation),
            can_see_history=can_see(self.request.user, organisation),
            **kwargs,
        )


class AgreementListView(ExportMixin, LenientPaginationMixin, FilterView):
    filterset_class = AgreementFilter
    template_name = "partnerships/agreement_list.html"
    context_object_name = "agreements"
    strict = False
    export_basename = "kerja-sama"

    def get_queryset(self):
        return (
            Agreement.objects.with_status()
            .for_list()
            .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
        )

    def export_headers(self):
        return [
            _("Number"),
            _("Title"),
            _("Kind"),
            _("Programmes"),
            _("Status"),
            _("Signed on"),
            _("Effective from"),
            _("Expires on"),
            _("Quota"),
            _("Parties"),
            _("Signatories"),
            _("Provinces"),
            _("Signing event"),
            _("Verified"),
            _("Address on the portal"),
        ]

    def export_rows(self, queryset):
        """One `values()` row per agreement, its parties, signatories, provinces and programmes
        aggregated in SQL: no object, no prefetch and no URL resolving per row."""
        kinds = dict(Agreement.Kind.choices)
        statuses = dict(Agreement.Status.choices)
        indefinite, yes = _("indefinite"), _("yes")
        detail = self.request.build_absolute_uri(reverse("partnerships:agreement-detail", args=[0]))
        head, tail = detail.rsplit("/0/", 1)
        rows = (
            queryset.prefetch_related(None)
            .annotate(**export_aggregates())
            .values_list(
                "number",
                "title",
                "kind",
                "programme_names",
                "status_code",
                "signed_on",
                "effective_from",
                "expires_on",
                "quota",
                "quota_period",
                "party_names",
                "signatory_names",
                "province_names",
                "event__name",
                "verified_at",
                "pk",
            )
        )
        for (
            number,
            title,
            kind,
            programmes,
            status,
            signed_on,
            effective_from,
            expires_on,
            quota,
            quota_period,
            parties,
            signatories,
            provinces,
            event,
            verified_at,
            pk,
        ) in rows.iterator(chunk_size=2000):
            yield [
                number,
                title,
                kinds.get(kind, kind),
                programmes or "",
                statuses.get(status, status),
                signed_on,
                effective_from,
                expires_on or (indefinite if signed_on else ""),
                quota_phrase(quota, quota_period),
                parties or "",
                signatories or "",
                provinces or "",
                event or "",
                yes if verified_at else "",
                f"{head}/{pk}/{tail}",
            ]


def export_aggregates():
    """The agreement list's export columns that gather several rows, each one correlated
    subquery (joining parties and programmes in one query would multiply them)."""
    roles = Case(
        *(When(role=value, then=Value(str(label))) for value, label in AgreementParty.Role.choices),
        default=F("role"),
        output_field=CharField(),
    )
    parties = AgreementParty.objects.filter(agreement=OuterRef("pk"))

    def aggregated(queryset, expression, **options):
        return Subquery(
            queryset.values("agreement")
            .annotate(joined=StringAgg(expression, delimiter=Value("; "), **options))
            .values("joined")[:1],
            output_field=CharField(),
        )

    return {
        "party_names": aggregated(
            parties,
            Concat("organisation__name", Value(" ("), roles, Value(")")),
            order_by=("position", "pk"),
        ),
        "signatory_names": aggregated(
            parties.exclude(signatory_name=""),
            Case(
                When(signatory_title="", then=F("signatory_name")),
                default=Concat("signatory_name", Value(", "), "signatory_title"),
                output_field=CharField(),
            ),
            order_by=("position", "pk"),
        ),
        "province_names": aggregated(
            parties.filter(organisation__province__isnull=False),
            F("organisation__province__name"),
            distinct=True,
            order_by="organisation__province__name",
        ),
        "programme_names": Subquery(
            Agreement.programmes.through.objects.filter(agreement=OuterRef("pk"))
            .values("agreement")
            .annotate(
                joined=StringAgg(
                    "programme__name",
                    delimiter=Value("; "),
                    order_by=("programme__position", "programme__name"),
                )
            )
            .values("joined")[:1],
            output_field=CharField(),
        ),
    }


class AgreementDetailView(BreadcrumbsMixin, DetailView):
    template_name = "partnerships/agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Agreement.objects.with_status().select_related(
                "amends", "event__regency", "source", "verified_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_breadcrumbs(self):
        agreement = self.object
        return [
            (_("Partnerships"), reverse("partnerships:agreement-list")),
            (agreement.number or data_lang(Truncator(agreement.title).chars(40)), None),
        ]

    def get_context_data(self, **kwargs):
        agreement = self.object
        parties = list(
            AgreementParty.objects.filter(agreement=agreement).select_related(
                "organisation__province", "organisation__regency", "organisation__prefecture"
            )
        )
        # The timeline: dated signatures in order of signing, undated ones after them.
        timeline = sorted(
            (p for p in parties if p.signed_on),
            key=lambda p: (p.signed_on, p.position, p.pk),
        )
        return super().get_context_data(
            parties=parties,
            timeline=timeline,
            undated=[p for p in parties if not p.signed_on],
            programmes=agreement.programmes.all(),
            amendments=agreement.amendments.with_status().order_by("signed_on", "pk"),
            can_see_history=(can_see_history := can_see(self.request.user, agreement)),
            can_download=agreement.document_is_public or can_see_history,
            **kwargs,
        )


def agreement_document(request, pk):
    """The signed PDF, as a download under a name the server chooses.

    A public document is anyone's; a restricted one only for the parties' staff, officials of
    their provinces and curators (portal.access): others get 404, anonymous visitors the
    login page."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.document:
        raise Http404(_("This agreement has no document."))
    if not agreement.document_is_public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agreement = get_for(request.user, Agreement.objects.all(), pk=pk)
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document file is missing.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"kerja-sama-{agreement.pk}.pdf",
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "sandbox"
    # No Cache-Control here: a restricted document only ever goes to a signed-in user, whose
    # responses portal.middleware.PrivateResponsesMiddleware keeps out of every cache.
    return response


@method_decorator(transaction.atomic, name="post")
class OrganisationUpdateView(BreadcrumbsMixin, ScopedObjectMixin, UpdateView):
    """An institution's head keeps its profile current; curators may too."""

    change = True
    lookup_field = lookup_url_kwarg = "slug"
    form_class = OrganisationProfileForm
    template_name = "partnerships/organisation_form.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.with_places()

    def get_breadcrumbs(self):
        organisation = self.object
        return [
            (_("My workspace"), reverse("pages:workspace")),
            (organisation.short_name or organisation.name, organisation.get_absolute_url()),
            (_("Edit the profile"), None),
        ]

    def form_valid(self, form):
        if not form.has_changed():
            messages.info(self.request, _("Nothing was changed."))
            return redirect(self.object)
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("The profile of %(name)s has been saved.") % {"name": self.object.name},
        )
        return response


class OrganisationHistoryView(HistoryView):
    model = Organisation
    lookup_field = lookup_url_kwarg = "slug"


class AgreementHistoryView(HistoryView):
    """The agreement's own changes and its parties', in one list."""

    model = Agreement

    def history_records(self):
        parties = AgreementParty.history.filter(agreement_id=self.object.pk)
        self.party_names = dict(
            Organisation.objects.filter(pk__in=parties.values("organisation_id")).values_list(
                "pk", "name"
            )
        )
        return [*latest_records(self.object.history), *latest_records(parties)]

    def subject(self, record):
        if record.instance_type is AgreementParty:
            return _("Party: %(name)s") % {
                "name": self.party_names.get(record.organisation_id, "?")
            }
        return ""


class EventDetailView(BreadcrumbsMixin, DetailView):
    template_name = "partnerships/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.select_related("regency__province", "source")

    def get_breadcrumbs(self):
        # An event has no list of its own: it is reached from the registry's agreements.
        return [
            (_("Partnerships"), reverse("partnerships:agreement-list")),
            (data_lang(self.object.name), None),
        ]

    def get_context_data(self, **kwargs):
        agreements = self.object.agreements.with_status().for_list().order_by("title", "pk")
        participants = self.object.participants.order_by("name", "pk")
        # A forum may see hundreds signed: a page at a time (the export has them all).
        page = Paginator(agreements, EVENT_AGREEMENTS_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            agreements=page.object_list,
            agreements_page=page,
            list_query=reverse("partnerships:agreement-list")
            + "?"
            + urlencode({"event": self.object.pk}),
            # A national forum has over a thousand participants: the first ones, and how many.
            participants=participants[:EVENT_PARTICIPANTS_SHOWN],
            participant_count=participants.count(),
            **kwargs,
        )
