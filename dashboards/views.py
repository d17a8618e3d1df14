"""The officials' dashboards: the country's (with its map) and each province's (above the
province's directory of organisations), and their CSV, Excel and PDF reports."""

import logging

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from dashboards import reports, selectors, stored_reports
from dashboards.forms import DashboardFilterForm
from partnerships.models import Agreement, Event, Organisation
from partnerships.views import AGREEMENTS_ON_PAGE
from portal import ratelimits
from portal.access import access_for
from portal.breadcrumbs import BreadcrumbsMixin
from portal.models import Province
from portal.pagination import LenientPaginationMixin
from portal.templatetags.portal import data_lang

logger = logging.getLogger(__name__)


class ProvinceListView(ListView):
    template_name = "dashboards/province_list.html"
    context_object_name = "provinces"

    def get_queryset(self):
        return Province.objects.annotate(organisation_count=Count("organisations"))


class ProvinceDetailView(BreadcrumbsMixin, LenientPaginationMixin, ListView):
    """A province and the organisations registered in it."""

    template_name = "dashboards/province_detail.html"
    context_object_name = "organisations"

    def get_queryset(self):
        self.province = get_object_or_404(Province, code=self.kwargs["code"])
        return (
            Organisation.objects.in_province(self.province)
            .select_related("regency")
            .order_by("kind", "name")
        )

    def get_breadcrumbs(self):
        return [
            (_("Provinces"), reverse("dashboards:province-list")),
            (data_lang(self.province.name), None),
        ]

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
    """The figures of a dashboard, narrowed by the query string, for the page, and its filter
    panel's (layouts/dashboards.html)."""
    form, board = dashboard_board(request, province)
    name, code = (
        ("dashboards:province-report", [province.code])
        if province
        else ("dashboards:national-report", [])
    )
    return {
        "report_urls": {fmt: reverse(name, args=[*code, fmt]) for fmt in REPORT_FORMATS},
        "filter_form": form,
        # "Show all" once the figures are narrowed: the dashboard without its query string.
        "filter_reset_url": request.path if board.filters.is_narrowed else None,
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
        # The filter panel keeps the map's measure, and the map's form keeps the filters.
        filter_hidden=[("map", measure)],
        map=reports.map_chart(cells, measure=measure),
        map_cells=cells,
        map_measure=measure,
        map_label=selectors.MAP_MEASURES[measure][0],
        map_measures=[(key, label) for key, (label, _people) in selectors.MAP_MEASURES.items()],
    )
    return render(request, "dashboards/national.html", context)


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
    """The PDF report, from storage: never made in the request (dashboards.stored_reports). Served
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
        return _report_response(request, "dashboards/report_busy.html", status=503, wait=60)
    if answer.state == stored_reports.PREPARING:
        return _report_response(request, "dashboards/report_preparing.html", status=202, wait=5)
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
    page = province.get_absolute_url() if province else reverse("dashboards:national")
    query = request.GET.urlencode()
    return redirect(f"{page}?{query}" if query else page)
