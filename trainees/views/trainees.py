"""A trainee's pages: the record, its form, its next stage and its history. Each look at a
record is written to the access log (trainees.audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
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
from trainees import audit, services
from trainees.forms import MoveForm, TraineeForm
from trainees.models import (
    Stage,
    Trainee,
    allowed_moves,
)
from trainees.views.cohorts import ROLES, _cohort_for_change, cohorts_crumb


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

    def get_context_data(self, **kwargs):
        trainee = self.object
        move_form = MoveForm()
        moves = allowed_moves(trainee.stage, domestic=trainee.cohort.is_domestic)
        move_form.fields["stage"].choices = [(s, Stage(s).label) for s in moves]
        return super().get_context_data(
            timeline=trainee.stage_changes.select_related("recorded_by").order_by("date", "pk"),
            can_edit=can_change(self.request.user, trainee, ROLES),
            move_form=move_form if moves else None,
            **kwargs,
        )


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
    trainee = get_for(
        request.user,
        Trainee.objects.select_related("cohort__programme"),
        change=True,
        roles=ROLES,
        pk=pk,
    )
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_trainee(trainee=trainee, user=request.user, **form.cleaned_data)
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
    """A trainee's changes: for their institution and curators only."""

    model = Trainee
    access_action = audit.Action.TRAINEE_HISTORY
