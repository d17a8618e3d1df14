from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from partnerships.filters import AgreementFilter, OrganisationFilter
from partnerships.models import Agreement, AgreementParty, Event, Figure, Organisation, Position
from portal.exports import ExportMixin
from portal.pagination import LenientPaginationMixin

# How many agreements an organisation, province or event page shows before linking to the list.
AGREEMENTS_ON_PAGE = 20


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


class OrganisationDetailView(DetailView):
    template_name = "partnerships/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organisation.objects.with_places().select_related("parent"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        agreements = Agreement.objects.involving(organisation).with_status().for_list()
        return super().get_context_data(
            units=organisation.units.with_places(),
            members=organisation.members.with_places(),
            associations=organisation.associations.with_places(),
            positions=Position.objects.with_related().filter(organisation=organisation),
            events=Event.objects.filter(participants=organisation)
            .select_related("regency", "source")
            .prefetch_related(
                Prefetch("participants", queryset=Organisation.objects.only("name", "slug"))
            ),
            figures=Figure.objects.with_related().filter(organisation=organisation),
            agreements=agreements[:AGREEMENTS_ON_PAGE],
            agreement_count=agreements.count(),
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

    def export_row(self, a):
        parties = list(a.parties.all())
        return [
            a.number,
            a.title,
            a.get_kind_display(),
            "; ".join(p.name for p in a.programmes.all()),
            a.status.label,
            a.signed_on,
            a.effective_from,
            a.expires_on or (_("indefinite") if a.signed_on else ""),
            f"{a.quota} {a.get_quota_period_display()}" if a.quota else "",
            "; ".join(f"{p.organisation.name} ({p.get_role_display()})" for p in parties),
            "; ".join(
                f"{p.signatory_name}, {p.signatory_title}".strip(", ")
                for p in parties
                if p.signatory_name
            ),
            "; ".join(
                sorted({p.organisation.province.name for p in parties if p.organisation.province})
            ),
            a.event.name if a.event else "",
            _("yes") if a.is_verified else "",
            self.request.build_absolute_uri(a.get_absolute_url()),
        ]


class AgreementDetailView(DetailView):
    template_name = "partnerships/agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Agreement.objects.with_status().select_related(
                "amends", "event__regency", "source", "verified_by"
            ),
            pk=self.kwargs["pk"],
        )

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
            **kwargs,
        )


def agreement_document(request, pk):
    """The signed PDF, as a download under a name the server chooses."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.document:
        raise Http404(_("This agreement has no document."))
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
    return response


class EventDetailView(DetailView):
    template_name = "partnerships/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.select_related("regency__province", "source")

    def get_context_data(self, **kwargs):
        agreements = self.object.agreements.with_status().for_list().order_by("title", "pk")
        return super().get_context_data(
            agreements=agreements,
            list_query=reverse("partnerships:agreement-list")
            + "?"
            + urlencode({"event": self.object.pk}),
            participants=self.object.participants.with_places(),
            **kwargs,
        )
