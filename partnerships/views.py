from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from partnerships.filters import OrganisationFilter
from partnerships.models import Event, Figure, Organisation, Position
from portal.pagination import LenientPaginationMixin


class OrganisationListView(LenientPaginationMixin, FilterView):
    filterset_class = OrganisationFilter
    template_name = "partnerships/organisation_list.html"
    context_object_name = "organisations"
    strict = False

    def get_queryset(self):
        return Organisation.objects.with_places().order_by("name")


class OrganisationDetailView(DetailView):
    template_name = "partnerships/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organisation.objects.with_places().select_related("parent"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
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
            **kwargs,
        )
