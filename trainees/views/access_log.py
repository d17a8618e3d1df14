"""The access log of an institution's trainees' data, for its heads and curators."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from partnerships.models import Organisation
from portal.access import (
    HEADS,
    get_for,
)
from portal.breadcrumbs import BreadcrumbsMixin
from portal.pagination import LenientPaginationMixin
from portal.templatetags.portal import org_name
from trainees.models import (
    DataAccess,
)


class DataAccessListView(LoginRequiredMixin, BreadcrumbsMixin, LenientPaginationMixin, ListView):
    """Who opened the data of an institution's trainees, when, from which account: for the
    institution's heads and curators (UU 27/2022's accountability). Newest first, a page at a
    time, narrowed by what was done."""

    template_name = "trainees/data_access_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.institution = get_for(
            self.request.user,
            Organisation.objects.all(),
            change=True,
            roles=HEADS,
            slug=self.kwargs["slug"],
        )
        self.action = self.request.GET.get("action", "")
        entries = DataAccess.objects.filter(institution=self.institution)
        if self.action in DataAccess.Action.values:
            entries = entries.filter(action=self.action)
        # dataaccess_institution_idx; the trainee and cohort may have been deleted since.
        return entries.select_related("cohort", "trainee").order_by("-at", "-pk")

    def get_breadcrumbs(self):
        return [
            (_("My workspace"), reverse("pages:workspace")),
            (org_name(self.institution), self.institution.get_absolute_url()),
            (_("Who opened your trainees' data"), None),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institution=self.institution,
            actions=DataAccess.Action.choices,
            action=self.action,
            retention_days=DataAccess.RETENTION_DAYS,
            **kwargs,
        )
