import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from partnerships.models import Agreement, AgreementParty, Event, Figure, Organisation
from partnerships.views import AGREEMENTS_ON_PAGE
from portal import disclosure, ratelimits, reports, selectors, stored_reports
from portal.access import access_for
from portal.forms import DashboardFilterForm
from portal.models import Province
from portal.pagination import LenientPaginationMixin
from trainees import uploads

logger = logging.getLogger(__name__)


def kind_totals(queryset):
    """Counts per organisation kind in one query, as a list of (kind, label, count)."""
    totals = queryset.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Organisation.Kind.values}
    )
    return [(kind, label, totals[kind]) for kind, label in Organisation.Kind.choices]


def home(request):
    organisations = Organisation.objects.all()
    totals = kind_totals(organisations)
    context = {
        "kind_totals": totals,
        "organisation_total": sum(count for _kind, _label, count in totals),
        "province_total": organisations.exclude(province=None)
        .values("province")
        .distinct()
        .count(),
        "latest_organisations": organisations.with_places().order_by("-created_at", "name")[:6],
        "figures": Figure.objects.with_related().order_by("-as_of", "metric")[:6],
        "events": Event.objects.select_related("regency").order_by("-date")[:5],
        # Each figure links to the agreement list filtered by the same statuses.
        "agreement_totals": Agreement.objects.with_status().aggregate(
            signed=Count("pk", filter=Q(status_code__in=Agreement.SIGNED)),
            in_force=Count("pk", filter=Q(status_code__in=Agreement.IN_FORCE)),
            expiring=Count("pk", filter=Q(status_code=Agreement.Status.EXPIRING)),
        ),
        "latest_agreements": Agreement.objects.with_status()
        .for_list()
        .order_by(F("signed_on").desc(nulls_last=True), "-pk")[:5],
    }
    return render(request, "portal/home.html", context)


@login_required
def dashboard(request):
    """My workspace: the institutions and provinces this user works for, what they may do
    there, and the agreements of theirs that need attention."""
    access = access_for(request.user)
    organisation_ids = [m.organisation_id for m in access.organisations]
    province_ids = [m.province_id for m in access.provinces]
    agreement_counts = dict(
        AgreementParty.objects.filter(organisation__in=organisation_ids)
        .values_list("organisation")
        .annotate(count=Count("agreement", distinct=True))
    )
    in_force = Agreement.objects.active().values("pk")
    province_counts = {
        row["organisation__province"]: row
        for row in AgreementParty.objects.filter(organisation__province__in=province_ids)
        .values("organisation__province")
        .annotate(
            agreements=Count("agreement", distinct=True),
            in_force=Count("agreement", distinct=True, filter=Q(agreement__in=in_force)),
        )
    }
    organisation_counts = dict(
        Organisation.objects.filter(province__in=province_ids)
        .values_list("province")
        .annotate(count=Count("pk"))
    )
    # Which of them the user may edit: asked of the access rules, not decided here.
    editable = set(
        Organisation.objects.changeable_by(request.user)
        .filter(pk__in=organisation_ids)
        .values_list("pk", flat=True)
    )
    institutions = [
        {
            "membership": m,
            "organisation": m.organisation,
            "can_edit": m.organisation_id in editable,
            "agreement_count": agreement_counts.get(m.organisation_id, 0),
        }
        for m in access.organisations
    ]
    provinces = [
        {
            "membership": m,
            "province": m.province,
            "organisation_count": organisation_counts.get(m.province_id, 0),
            "agreement_count": province_counts.get(m.province_id, {}).get("agreements", 0),
            "in_force_count": province_counts.get(m.province_id, {}).get("in_force", 0),
            "agreement_list": reverse("partnerships:agreement-list")
            + "?"
            + urlencode({"province": m.province.code}),
        }
        for m in access.provinces
    ]
    scope = Agreement.objects.visible_to(request.user)
    context = {
        "access": access,
        "institutions": institutions,
        "provinces": provinces,
        "expiring": scope.expiring().for_list().order_by("expires_on", "pk")[:10],
        "drafts": scope.with_status_in([Agreement.Status.DRAFT])
        .for_list()
        .order_by("-created_at")[:10],
    }
    return render(request, "portal/dashboard.html", context)


class ProvinceListView(ListView):
    template_name = "portal/province_list.html"
    context_object_name = "provinces"

    def get_queryset(self):
        return Province.objects.annotate(organisation_count=Count("organisations"))


class ProvinceDetailView(LenientPaginationMixin, ListView):
    """A province and the organisations registered in it."""

    template_name = "portal/province_detail.html"
    context_object_name = "organisations"

    def get_queryset(self):
        self.province = get_object_or_404(Province, code=self.kwargs["code"])
        return (
            Organisation.objects.in_province(self.province)
            .select_related("regency")
            .order_by("kind", "name")
        )

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.for_province(self.province).with_status().for_list()
        return super().get_context_data(
            **dashboard_context(self.request, province=self.province),
            province=self.province,
            list_query=reverse("partnerships:organisation-list")
            + "?"
            + urlencode({"province": self.province.code}),
            agreements=agreements.order_by(F("signed_on").desc(nulls_last=True), "pk")[
                :AGREEMENTS_ON_PAGE
            ],
            agreement_count=agreements.count(),
            events=Event.objects.filter(regency__province=self.province)
            .select_related("regency")
            .order_by("-date")[:10],
            **kwargs,
        )


def dashboard_board(request, province=None):
    """The filter form read from the query string, and the dashboard's figures it narrows
    (counts of people exact for curators, and for an official on their own province)."""
    form = DashboardFilterForm(request.GET or None)
    board = selectors.dashboard(
        province=province,
        filters=form.filters(),
        exact=access_for(request.user).sees_exact_counts(province),
    )
    return form, board


def dashboard_context(request, *, province=None):
    """The figures of a dashboard, narrowed by the query string, for the page."""
    form, board = dashboard_board(request, province)
    name, code = (
        ("portal:province-report", [province.code]) if province else ("portal:national-report", [])
    )
    return {
        "report_urls": {fmt: reverse(name, args=[*code, fmt]) for fmt in REPORT_FORMATS},
        "filter_form": form,
        "board": board,
        "tables": reports.tables(board),
        "summary": reports.summary(board),
        "filters_text": reports.describe_filters(board),
        "protection_note": reports.protection_note(board),
    }


def national_dashboard(request):
    """The country's figures, and the map of the provinces coloured by a chosen measure."""
    context = dashboard_context(request)
    measure = request.GET.get("map")
    if measure not in selectors.MAP_MEASURES:
        measure = selectors.DEFAULT_MAP_MEASURE
    board = context["board"]
    cells = selectors.province_map(measure=measure, filters=board.filters, exact=board.exact)
    context.update(
        map=reports.map_chart(cells, measure=measure),
        map_cells=cells,
        map_measure=measure,
        map_label=selectors.MAP_MEASURES[measure][0],
        map_measures=[(key, label) for key, (label, _people) in selectors.MAP_MEASURES.items()],
    )
    return render(request, "portal/national_dashboard.html", context)


REPORT_FORMATS = {"csv", "xlsx", "pdf"}


@ratelimits.reports
def dashboard_report(request, fmt, code=None):
    """A dashboard as CSV, Excel or PDF, with the page's filters."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    province = get_object_or_404(Province, code=code) if code else None
    if fmt == "pdf":
        return pdf_report(request, province)
    _form, board = dashboard_board(request, province)
    basename = f"dasbor-{province.code}" if province else "dasbor-nasional"
    return reports.export(board, fmt=fmt, basename=basename)


def pdf_report(request, province):
    """The PDF report, from storage: never made in the request (portal.stored_reports). Served
    if stored; else queued for the task worker, with a page that says so and looks again."""
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    spec = stored_reports.ReportSpec(
        province_code=province.code if province else None,
        year_from=filters.year_from,
        year_to=filters.year_to,
        programme_code=filters.programme.code if filters.programme else None,
        language=get_language(),
        exact=access_for(request.user).sees_exact_counts(province),
    )
    answer = stored_reports.ask(spec)
    if answer.state == stored_reports.FAILED:
        return _pdf_unavailable(request, province)
    if answer.state == stored_reports.BUSY:
        return _report_response(request, "portal/report_busy.html", status=503, wait=60)
    if answer.state == stored_reports.PREPARING:
        return _report_response(request, "portal/report_preparing.html", status=202, wait=5)
    basename = f"dasbor-{province.code}" if province else "dasbor-nasional"
    return FileResponse(
        default_storage.open(answer.path, "rb"),
        as_attachment=True,
        filename=f"{basename}-{timezone.localdate().isoformat()}.pdf",
        content_type="application/pdf",
    )


def _report_response(request, template, *, status, wait):
    response = render(request, template, {"wait": wait}, status=status)
    response["Retry-After"] = str(wait)
    if status == 202:
        response["Refresh"] = str(wait)  # looks again by itself, without JavaScript
    patch_cache_control(response, no_store=True)
    return response


def _pdf_unavailable(request, province):
    logger.error("PDF report unavailable: the task failed (is Pango installed?)")
    messages.error(
        request,
        _(
            "The PDF report cannot be made on this server at the moment. Download the "
            "figures as CSV or Excel, or ask the portal's administrators."
        ),
    )
    page = province.get_absolute_url() if province else reverse("portal:national-dashboard")
    query = request.GET.urlencode()
    return redirect(f"{page}?{query}" if query else page)


class IdentityPage(TemplateView):
    """About, privacy notice and contact: who runs the portal and how to reach them."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            operator=settings.PORTAL_OPERATOR,
            contact_email=settings.PORTAL_CONTACT_EMAIL,
            upload_hours=uploads.IMPORT_TTL_SECONDS // 3600,
            max_noise=disclosure.MAX_NOISE,
            small_count=disclosure.SMALL_COUNT,
            min_denominator=disclosure.MIN_DENOMINATOR,
            **kwargs,
        )
