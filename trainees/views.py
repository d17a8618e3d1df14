"""Cohort and trainee pages. Every view passes through portal.access: trainees are seen and
changed only by their institution's heads and staff and by curators; officials of the province
see a cohort's totals, never its names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from partnerships.models import Organisation
from portal.access import (
    HEADS,
    INSTITUTION_ROLES,
    ScopedObjectMixin,
    access_for,
    can_change,
    get_for,
)
from portal.exports import FORMATS, export_response
from portal.history import HistoryView
from portal.pagination import LenientPaginationMixin
from trainees import audit, roster, services, uploads
from trainees.forms import CohortForm, MoveForm, RosterUploadForm, TraineeForm
from trainees.models import (
    FUNNEL,
    Cohort,
    DataAccess,
    Stage,
    StageChange,
    Trainee,
    allowed_moves,
)
from trainees.uploads import IMPORT_TTL_SECONDS

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


class CohortDetailView(ScopedObjectMixin, DetailView):
    template_name = "trainees/cohort_detail.html"
    context_object_name = "cohort"

    def get_queryset(self):
        return Cohort.objects.select_related("institution__province", "programme")

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
        return super().get_context_data(
            funnel=funnel(cohort),
            can_see_roster=is_institution or is_reader,
            can_edit=is_institution,
            trainees=roster_page.object_list if roster_page else [],
            roster_page=roster_page,
            move_form=MoveForm(),
            partners=cohort.partners.all(),
            agreements=cohort.agreements.all(),
            **kwargs,
        )


class CohortFormMixin:
    form_class = CohortForm
    template_name = "trainees/cohort_form.html"

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


@method_decorator(transaction.atomic, name="post")
class TraineeCreateView(LoginRequiredMixin, CreateView):
    form_class = TraineeForm
    template_name = "trainees/trainee_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = _cohort_for_change(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

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


class TraineeDetailView(TraineeScopedMixin, DetailView):
    template_name = "trainees/trainee_detail.html"
    context_object_name = "trainee"
    access_action = audit.Action.VIEW_TRAINEE

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
class TraineeUpdateView(TraineeScopedMixin, UpdateView):
    change = True
    access_action = audit.Action.EDIT_TRAINEE
    form_class = TraineeForm
    template_name = "trainees/trainee_form.html"
    context_object_name = "trainee"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.object.cohort}

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


@login_required
@require_POST
def cohort_move(request, pk):
    """Move the selected trainees of a cohort at once. All or nothing: if one move is not
    allowed, none is saved, and the message names who could not move and why.

    The "everyone on this page" button (scope=page) moves every trainee of the roster page
    posted (`page`), ticked or not: bulk selection without JavaScript."""
    cohort = _cohort_for_change(request, pk)
    form = MoveForm(request.POST)
    if request.POST.get("scope") == "page":
        roster_page = Paginator(roster_queryset(request.user, cohort), ROSTER_PAGE_SIZE).get_page(
            request.POST.get("page")
        )
        ids = [str(trainee.pk) for trainee in roster_page.object_list]
    else:
        ids = [value for value in request.POST.getlist("trainee") if value.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one trainee."))
        return redirect(cohort)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(cohort)
    try:
        # Only this cohort's trainees: ids of other cohorts are ignored, not moved.
        trainees = services.move_trainees(
            cohort=cohort, trainee_ids=ids, user=request.user, **form.cleaned_data
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


@login_required
def cohort_import(request, pk):
    """Upload a roster, see every problem by row and column, and save only a clean file."""
    cohort = _cohort_for_change(request, pk)
    pending = request.session.get("roster_imports", {})
    context = {"cohort": cohort, "form": RosterUploadForm()}
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request, cohort, pending, request.POST["token"])
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = roster.check(upload, cohort)
            except roster.RosterError as error:
                form.add_error("file", str(error))
            else:
                context["result"] = result
                audit.record(
                    request.user,
                    audit.Action.CHECK_IMPORT,
                    cohort=cohort,
                    count=len(result.rows),  # 0 when there are problems: nothing to save
                    detail=upload.name[-100:],
                )
                if result.ok:
                    # The scheduled purge_uploads does this too; here it also runs where no
                    # job was scheduled.
                    uploads.purge_stale(older_than=IMPORT_TTL_SECONDS)
                    upload.seek(0)
                    token = uploads.save(upload.read())
                    pending[token] = {"cohort": cohort.pk, "name": upload.name[-100:]}
                    request.session["roster_imports"] = pending
                    context["token"] = token
    return render(request, "trainees/cohort_import.html", context)


def _import_confirm(request, cohort, pending, token):
    entry = pending.get(token)
    data = uploads.read(token) if entry and entry["cohort"] == cohort.pk else None
    if data is None:  # unknown, another cohort's, or purged after a day
        messages.error(request, _("This import has expired. Upload the file again."))
        return redirect("trainees:cohort-import", pk=cohort.pk)
    upload = SimpleUploadedFile(entry["name"], data)
    result = roster.check(upload, cohort)  # again: the registry may have changed meanwhile
    if not result.ok:
        return render(
            request,
            "trainees/cohort_import.html",
            {"cohort": cohort, "form": RosterUploadForm(), "result": result},
        )
    try:
        count = roster.save(result, cohort, request.user)
    except IntegrityError:
        messages.error(
            request,
            _(
                "Someone registered one of these NISNs meanwhile. "
                "Nothing was saved; upload the file again."
            ),
        )
        return redirect("trainees:cohort-import", pk=cohort.pk)
    audit.record(
        request.user, audit.Action.IMPORT_ROSTER, cohort=cohort, count=count, detail=entry["name"]
    )
    uploads.delete(token)
    pending.pop(token, None)
    request.session["roster_imports"] = pending
    messages.success(
        request,
        ngettext("%(count)d trainee imported.", "%(count)d trainees imported.", count)
        % {"count": count},
    )
    return redirect(cohort)


@login_required
def roster_template(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    return roster.template_response(fmt)


@login_required
def cohort_export(request, pk):
    """The roster as CSV or Excel: for the institution and curators only."""
    cohort = get_for(request.user, Cohort.objects.all(), change=True, roles=ROLES, pk=pk)
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        raise Http404
    trainees = (
        Trainee.objects.filter(cohort=cohort)
        .select_related("home_institution", "host_organisation", "prefecture")
        .order_by("full_name", "pk")
    )
    headers = [
        _("Full name"),
        "NISN",
        _("Sex"),
        _("Date of birth"),
        _("Home institution"),
        _("Japanese level"),
        _("Occupation field"),
        _("Stage"),
        _("In this stage since"),
        _("Host in Japan"),
        _("Prefecture"),
        _("Departed on"),
        _("Returned on"),
        _("Outcome"),
    ]
    rows = (
        [
            t.full_name,
            t.nisn or "",
            t.get_sex_display(),
            t.birth_date,
            t.home_institution.name,
            t.language_level,
            t.occupation,
            t.get_stage_display(),
            t.stage_since,
            t.host_organisation.name if t.host_organisation else "",
            t.prefecture.name if t.prefecture else "",
            t.departed_on,
            t.returned_on,
            t.get_outcome_display() if t.outcome else "",
        ]
        for t in trainees.iterator(chunk_size=1000)
    )
    audit.record(
        request.user,
        audit.Action.EXPORT_ROSTER,
        cohort=cohort,
        count=trainees.count(),
        detail=fmt,
    )
    return export_response(
        basename=f"peserta-angkatan-{cohort.pk}", headers=headers, rows=rows, fmt=fmt
    )


class CohortHistoryView(HistoryView):
    """The cohort's changes: for its institution, officials of its province and curators."""

    model = Cohort


class TraineeHistoryView(LoggedAccessMixin, HistoryView):
    """A trainee's changes: for their institution and curators only."""

    model = Trainee
    access_action = audit.Action.TRAINEE_HISTORY


class DataAccessListView(LoginRequiredMixin, LenientPaginationMixin, ListView):
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institution=self.institution,
            actions=DataAccess.Action.choices,
            action=self.action,
            retention_days=DataAccess.RETENTION_DAYS,
            **kwargs,
        )
