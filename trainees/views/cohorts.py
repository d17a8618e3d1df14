"""The cohort pages: the list, a cohort with its funnel and roster, its forms, the bulk move
of its trainees and its history. Rosters are read a page at a time."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.access import (
    INSTITUTION_ROLES,
    ScopedObjectMixin,
    access_for,
    can_change,
    get_for,
)
from portal.breadcrumbs import BreadcrumbsMixin
from portal.history import HistoryView
from portal.pagination import LenientPaginationMixin
from trainees import audit, partners, services
from trainees.forms import CohortForm, MoveForm
from trainees.models import (
    FUNNEL,
    Cohort,
    Stage,
    StageChange,
    Trainee,
    allowed_moves,
)

ROLES = INSTITUTION_ROLES  # heads and staff change cohorts and trainees
ROSTER_PAGE_SIZE = 50  # 50 rows of a checkbox and a link: about 100 Tab stops a page


def roster_queryset(user, cohort):
    """The trainees of a cohort that the user may see, in the roster's order."""
    return (
        Trainee.objects.visible_to(user)
        .filter(cohort=cohort)
        .select_related("home_institution")
        .order_by("full_name", "pk")
    )


class CohortListView(LoginRequiredMixin, LenientPaginationMixin, ListView):
    template_name = "trainees/cohort_list.html"
    context_object_name = "cohorts"

    ordering = ("-intake_year", "name", "pk")  # cohort_list_order_idx

    def get_queryset(self):
        return Cohort.objects.visible_to(self.request.user).order_by(*self.ordering)

    def paginate_queryset(self, queryset, page_size):
        """Page the cohorts first, then total the trainees of this page's cohorts only."""
        paginator, page, object_list, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        page.object_list = list(
            Cohort.objects.filter(pk__in=list(object_list))
            .with_totals()
            .select_related("institution__province", "programme")
            .order_by(*self.ordering)
        )
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        access = access_for(self.request.user)
        return super().get_context_data(
            can_create=access.is_curator or bool(access.organisation_ids(ROLES)), **kwargs
        )


def funnel(cohort):
    """How many trainees reached each stage, and the cohort's other totals, in two queries."""
    reached = dict(
        StageChange.objects.filter(trainee__cohort=cohort)
        .values_list("stage")
        .annotate(count=Count("trainee", distinct=True))
    )
    totals = Cohort.objects.with_totals().get(pk=cohort.pk)
    steps = [(Stage(s).label, reached.get(s, 0)) for s in FUNNEL]
    top = max([count for _label, count in steps] + [1])
    placement_rate = (
        round(100 * totals.placed_count / totals.outcome_count)
        if cohort.is_domestic and totals.outcome_count
        else None
    )
    return {
        "steps": [(label, count, round(100 * count / top)) for label, count in steps],
        "total": totals.trainee_count,
        "departed": reached.get(Stage.DEPARTED, 0),
        "in_japan": getattr(totals, f"count_{Stage.IN_JAPAN}"),
        "returned": reached.get(Stage.RETURNED, 0),
        "withdrawn": getattr(totals, f"count_{Stage.WITHDRAWN}"),
        "placement_rate": placement_rate,
        "placed": totals.placed_count,
        "with_outcome": totals.outcome_count,
    }


def next_stage(stage, domestic):
    """The stage a trainee at `stage` moves to next: the first move allowed, never the
    withdrawal; None at the end of the way."""
    moves = [s for s in allowed_moves(stage, domestic=domestic) if s != Stage.WITHDRAWN]
    return moves[0] if moves else None


def bulk_move_form(cohort, trainees, partner=None):
    """The bulk move's form for the roster page shown. It offers the stages a trainee of this
    programme can move to (never "registered", where every move fails) and starts on the most
    common next stage of `trainees` (ties: the earlier stage). Each trainee gets its
    `next_stage`: the page's script (static/js/move-default.js) follows the boxes ticked.

    For a `partner` of the cohort, only the stages its kind records (trainees.partners), and
    each trainee's next stage among them; None when it records none in this programme (a
    Japanese partner of a programme at home)."""
    domestic = cohort.is_domestic
    order = {stage: position for position, stage in enumerate(Stage)}
    recordable = partners.PARTNER_STAGES[partner.kind] if partner is not None else set(Stage)
    targets = {
        target
        for stage in Stage
        for target in allowed_moves(stage, domestic=domestic)
        if target in recordable
    }
    if not targets:
        return None
    for trainee in trainees:
        if partner is None:
            trainee.next_stage = next_stage(trainee.stage, domestic)
        else:
            trainee.cohort = cohort  # stages_for reads the programme: no query per trainee
            stages = partners.stages_for(partner, trainee)
            trainee.next_stage = stages[0] if stages else None
    common = Counter(t.next_stage for t in trainees if t.next_stage)
    initial = {}
    if common:
        initial["stage"] = min(common, key=lambda s: (-common[s], order[Stage(s)]))
    return MoveForm(stages=sorted(targets, key=order.get), initial=initial)


def partner_for(request, cohort):
    """The partner of `cohort` on whose behalf the user records a move: the one posted
    (`partner`) among those they work for, else the first; PermissionDenied when they work for
    none (a reader, an official)."""
    mine = partners.partners_of(request.user, cohort)
    posted = request.POST.get("partner", "")
    for partner in mine:
        if str(partner.pk) == posted:
            return partner
    if mine and not posted:
        return mine[0]
    raise PermissionDenied(_("Your role lets you read this cohort, not move its trainees."))


def cohorts_crumb():
    """The cohort list, where the trail of a cohort's pages starts after the home page."""
    return (_("Cohorts"), reverse("trainees:cohort-list"))


class CohortDetailView(BreadcrumbsMixin, ScopedObjectMixin, DetailView):
    template_name = "trainees/cohort_detail.html"
    context_object_name = "cohort"

    def get_queryset(self):
        return Cohort.objects.select_related("institution__province", "programme")

    def get_breadcrumbs(self):
        return [cohorts_crumb(), (str(self.object), None)]

    def get_context_data(self, **kwargs):
        cohort = self.object
        user = self.request.user
        # The roster is for the cohort's institution and curators, who change it, and for its
        # partners, who read it (a Japanese partner only the trainees it hosts); officials read
        # the totals above, never a name.
        is_institution = can_change(user, cohort, ROLES)
        trainees = roster_queryset(user, cohort)
        is_reader = (
            not is_institution
            and cohort.partners.filter(pk__in=access_for(user).organisation_ids()).exists()
        )
        # A partner that records stages (a training centre, a Japanese host) moves the trainees
        # it may, within its stages; its roster holds their names and stages, nothing more.
        partner = None
        if is_reader:
            mine = partners.partners_of(user, cohort)
            partner = mine[0] if mine else None
        # A roster of thousands is read a page at a time; the bulk move acts on the trainees
        # ticked on the page shown.
        roster_page = (
            Paginator(trainees, ROSTER_PAGE_SIZE).get_page(self.request.GET.get("page"))
            if is_institution or is_reader
            else None
        )
        if roster_page is not None and roster_page.object_list:
            audit.record(
                user,
                audit.Action.VIEW_ROSTER,
                cohort=cohort,
                count=len(roster_page.object_list),
                detail=f"page {roster_page.number}",
            )
        shown = roster_page.object_list if roster_page else []
        move_form = None
        if is_institution:
            move_form = bulk_move_form(cohort, shown)
        elif partner is not None:
            move_form = bulk_move_form(cohort, shown, partner=partner)
        return super().get_context_data(
            funnel=funnel(cohort),
            can_see_roster=is_institution or is_reader,
            can_edit=is_institution,
            can_move=move_form is not None,
            partner=partner,
            partner_stages=partners.recordable_labels(partner) if partner else "",
            trainees=shown,
            roster_page=roster_page,
            move_form=move_form,
            partners=cohort.partners.all(),
            agreements=cohort.agreements.all(),
            **kwargs,
        )


class CohortFormMixin(BreadcrumbsMixin):
    form_class = CohortForm
    template_name = "trainees/cohort_form.html"

    def get_breadcrumbs(self):
        cohort = self.object  # None while registering one
        if cohort is None:
            return [cohorts_crumb(), (_("New"), None)]
        return [cohorts_crumb(), (str(cohort), cohort.get_absolute_url()), (_("Edit"), None)]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("The cohort %(name)s has been saved.") % {"name": self.object}
        )
        return response


@method_decorator(transaction.atomic, name="post")
class CohortCreateView(LoginRequiredMixin, CohortFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        access = access_for(request.user)
        if request.user.is_authenticated and not (
            access.is_curator or access.organisation_ids(ROLES)
        ):
            raise PermissionDenied(_("Only an institution's head or staff register cohorts."))
        return super().dispatch(request, *args, **kwargs)


@method_decorator(transaction.atomic, name="post")
class CohortUpdateView(ScopedObjectMixin, CohortFormMixin, UpdateView):
    change = True
    change_roles = ROLES
    queryset = Cohort.objects.all()


def _cohort_for_change(request, pk):
    return get_for(
        request.user, Cohort.objects.select_related("programme"), change=True, roles=ROLES, pk=pk
    )


@login_required
@require_POST
def cohort_move(request, pk):
    """Move the selected trainees of a cohort at once. All or nothing: if one move is not
    allowed, none is saved, and the message names who could not move and why.

    The "everyone on this page" button (scope=page) moves every trainee of the roster page
    posted (`page`), ticked or not: bulk selection without JavaScript.

    A partner of the cohort (trainees.partners) moves, for its organisation, the trainees it
    sees on its roster, to the stages its kind records; a trainee it does not see (another
    cohort's, one a Japanese partner does not host) is a forged request, refused whole."""
    cohort = get_for(request.user, Cohort.objects.select_related("programme"), pk=pk)
    partner = None
    if not can_change(request.user, cohort, ROLES):
        partner = partner_for(request, cohort)
    form = MoveForm(request.POST)
    roster = roster_queryset(request.user, cohort)
    if request.POST.get("scope") == "page":
        roster_page = Paginator(roster, ROSTER_PAGE_SIZE).get_page(request.POST.get("page"))
        ids = [str(trainee.pk) for trainee in roster_page.object_list]
    else:
        ids = [value for value in request.POST.getlist("trainee") if value.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one trainee."))
        return redirect(cohort)
    if partner is not None:
        wanted = {int(value) for value in ids}
        if roster.filter(pk__in=wanted).count() != len(wanted):
            raise PermissionDenied(_("You may move only the trainees on your roster."))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(cohort)
    try:
        # Only this cohort's trainees: ids of other cohorts are ignored, not moved.
        trainees = services.move_trainees(
            cohort=cohort,
            trainee_ids=ids,
            user=request.user,
            partner=partner,
            **form.cleaned_data,
        )
    except services.MoveRefused as refused:
        failures = [f"{trainee.full_name}: {message}" for trainee, message in refused.failures]
        messages.error(
            request,
            _("Nothing was saved. These trainees cannot make this move: %(list)s")
            % {"list": "; ".join(failures[:10]) + (" …" if len(failures) > 10 else "")},
        )
        return redirect(cohort)
    messages.success(
        request,
        ngettext(
            "%(count)d trainee moved to %(stage)s.",
            "%(count)d trainees moved to %(stage)s.",
            len(trainees),
        )
        % {"count": len(trainees), "stage": Stage(form.cleaned_data["stage"]).label},
    )
    return redirect(cohort)


class CohortHistoryView(HistoryView):
    """The cohort's changes: for its institution, officials of its province and curators."""

    model = Cohort
