"""A trainee's pages: the record, its form, its next stage and its history. Each look at a
record is written to the access log (trainees.audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from portal.access import (
    ScopedObjectMixin,
    can_change,
    get_for,
)
from portal.breadcrumbs import BreadcrumbsMixin
from portal.history import HistoryView
from trainees import audit, partners, services
from trainees.forms import MoveForm, TraineeForm
from trainees.models import (
    Stage,
    Trainee,
    allowed_moves,
)
from trainees.views.cohorts import ROLES, _cohort_for_change, cohorts_crumb, partner_for


@method_decorator(transaction.atomic, name="post")
class TraineeCreateView(LoginRequiredMixin, BreadcrumbsMixin, CreateView):
    form_class = TraineeForm
    template_name = "trainees/trainee_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = _cohort_for_change(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_breadcrumbs(self):
        return [
            (str(self.cohort), self.cohort.get_absolute_url()),
            (_("Register a trainee"), None),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def form_valid(self, form):
        try:
            (self.object,) = services.register_trainees(
                cohort=self.cohort, trainees=[form.instance], user=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The trainee has been registered."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        if "save_and_add" in self.request.POST:
            return self.request.path
        return self.object.get_absolute_url()


class LoggedAccessMixin:
    """For a view showing one trainee's record: after the access check, an entry in the access
    log (trainees.audit) for each GET that shows it."""

    access_action = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit.record(request.user, self.access_action, trainee=self.object)
        return response


class TraineeScopedMixin(LoggedAccessMixin, ScopedObjectMixin):
    change_roles = ROLES

    def get_queryset(self):
        return Trainee.objects.select_related(
            "cohort__programme",
            "cohort__institution",
            "home_institution",
            "host_organisation",
            "prefecture",
        )


class TraineeDetailView(BreadcrumbsMixin, TraineeScopedMixin, DetailView):
    template_name = "trainees/trainee_detail.html"
    context_object_name = "trainee"
    access_action = audit.Action.VIEW_TRAINEE

    def get_breadcrumbs(self):
        cohort = self.object.cohort
        return [
            cohorts_crumb(),
            (str(cohort), cohort.get_absolute_url()),
            (_("Trainee"), None),
        ]

    def get_template_names(self):
        # A partner of the cohort (or a Japanese host) reads the trainee's name and stage and
        # records its own moves; the record itself is for the institution and curators.
        if not self.can_edit:
            return ["trainees/trainee_partner.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        trainee = self.object
        self.can_edit = can_change(self.request.user, trainee, ROLES)
        if not self.can_edit:
            return super().get_context_data(**self.partner_context(trainee), **kwargs)
        move_form = MoveForm()
        moves = allowed_moves(trainee.stage, domestic=trainee.cohort.is_domestic)
        move_form.fields["stage"].choices = [(s, Stage(s).label) for s in moves]
        return super().get_context_data(
            timeline=trainee.stage_changes.select_related("recorded_by", "partner").order_by(
                "date", "pk"
            ),
            can_edit=True,
            move_form=move_form if moves else None,
            **kwargs,
        )

    def partner_context(self, trainee):
        """The partner's page: the moves its organisations recorded (no one else's notes), and
        the form for the stages it may record now."""
        mine = partners.partners_of(self.request.user, trainee.cohort)
        partner, stages = partners.partner_moves(self.request.user, trainee, mine)
        return {
            "can_edit": False,
            "partner": partner,
            "timeline": trainee.stage_changes.filter(partner__in=[p.pk for p in mine])
            .select_related("recorded_by", "partner")
            .order_by("date", "pk"),
            "move_form": MoveForm(stages=stages) if partner is not None else None,
        }


@method_decorator(transaction.atomic, name="post")
class TraineeUpdateView(BreadcrumbsMixin, TraineeScopedMixin, UpdateView):
    change = True
    access_action = audit.Action.EDIT_TRAINEE
    form_class = TraineeForm
    template_name = "trainees/trainee_form.html"
    context_object_name = "trainee"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.object.cohort}

    def get_breadcrumbs(self):
        cohort = self.object.cohort
        return [(str(cohort), cohort.get_absolute_url()), (_("Edit the trainee"), None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.object.cohort, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The trainee's record has been saved."))
        return response


@login_required
@require_POST
def trainee_move(request, pk):
    """Record a trainee's next stage: the institution any allowed move, a partner of the cohort
    those its kind records (the service says which when refusing)."""
    trainee = get_for(request.user, Trainee.objects.select_related("cohort__programme"), pk=pk)
    partner = None
    if not can_change(request.user, trainee, ROLES):
        partner = partner_for(request, trainee.cohort)
        if not partners.may_move(partner, trainee):
            raise PermissionDenied(_("Your organisation does not record this trainee's stages."))
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_trainee(
                trainee=trainee, user=request.user, partner=partner, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Stage recorded: %(stage)s.")
                % {"stage": Stage(form.cleaned_data["stage"]).label},
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(trainee)


class TraineeHistoryView(LoggedAccessMixin, HistoryView):
    """A trainee's changes: for their institution and curators only. The partners who read the
    trainee's name and stage get 403: the history holds the whole record."""

    model = Trainee
    access_action = audit.Action.TRAINEE_HISTORY

    def get_object(self, queryset=None):
        trainee = super().get_object(queryset)
        if not can_change(self.request.user, trainee, ROLES):
            raise PermissionDenied(
                _("The history of a trainee's record is for their institution and the curators.")
            )
        return trainee
