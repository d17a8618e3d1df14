from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from partnerships.models import Event, Figure, Organisation
from portal.models import Province
from portal.pagination import LenientPaginationMixin


def kind_totals(queryset):
    """Counts per organisation kind in one query, as a list of (kind, label, count)."""
    totals = queryset.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Organisation.Kind.values}
    )
    return [(kind, label, totals[kind]) for kind, label in Organisation.Kind.choices]


def home(request):
    organisations = Organisation.objects.all()
    context = {
        "kind_totals": kind_totals(organisations),
        "organisation_total": organisations.count(),
        "province_total": organisations.exclude(province=None)
        .values("province")
        .distinct()
        .count(),
        "latest_organisations": organisations.with_places().order_by("-created_at", "name")[:6],
        "figures": Figure.objects.with_related().order_by("-as_of", "metric")[:6],
        "events": Event.objects.select_related("regency").order_by("-date")[:5],
    }
    return render(request, "portal/home.html", context)


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
        return super().get_context_data(
            province=self.province,
            kind_totals=kind_totals(Organisation.objects.in_province(self.province)),
            events=Event.objects.filter(regency__province=self.province)
            .select_related("regency")
            .order_by("-date")[:10],
            **kwargs,
        )
