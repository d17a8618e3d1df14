from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.admin import DateHierarchyMixin, EstimatedCountPaginator, HistoryAdmin
from portal.concurrency import VersionedAdminMixin, VersionedModelForm
from portal.widgets import DateWidget
from trainees import audit, services
from trainees.forms import MoveForm, TraineeRulesForm
from trainees.models import Cohort, DataAccess, Stage, StageChange, Trainee


@admin.register(Cohort)
class CohortAdmin(VersionedAdminMixin, HistoryAdmin):
    form = VersionedModelForm
    list_display = ["name", "intake_year", "institution", "programme", "planned_size", "is_demo"]
    list_filter = ["intake_year", "programme", "is_demo"]
    list_select_related = ["institution", "programme"]
    search_fields = ["name", "institution__name"]
    ordering = ["-intake_year", "name", "pk"]  # cohort_list_order_idx
    show_full_result_count = False
    autocomplete_fields = ["institution", "partners", "agreements"]
    # Its dates have no time of day, so no time-zone note (portal/widgets.py DateWidget).
    formfield_overrides = {models.DateField: {"widget": DateWidget}}


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["stage", "date", "note", "recorded_by", "partner", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Stage changes go through trainees.services.move_trainees, which checks the allowed
        # moves and dates.
        return False


@admin.register(Trainee)
class TraineeAdmin(VersionedAdminMixin, HistoryAdmin):
    # The rules of trainees.fields, in the same words as the portal's form and the import.
    form = TraineeRulesForm
    list_display = ["full_name", "cohort", "stage", "stage_since"]
    list_filter = ["stage", "cohort__programme", "cohort__intake_year"]
    list_select_related = ["cohort"]
    ordering = ["full_name", "pk"]  # trainee_name_idx
    # 300,000 trainees: count the filtered rows only, never the whole table again, and take
    # PostgreSQL's estimate for the unfiltered total.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # No search box: a name or NISN typed there would travel in the URL and the server's logs.
    autocomplete_fields = ["cohort", "home_institution", "host_organisation", "prefecture"]
    readonly_fields = ["stage", "stage_since", "departed_on", "returned_on"]
    inlines = [StageChangeInline]

    actions = ["move_to_stage"]

    # Curators' looks at trainees are logged as everyone's are (trainees.audit): each page of
    # the list, each record and its history, as the institutions' heads may read.

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if request.method == "GET" and changelist is not None:
            # The page's own rows (list_select_related brings their cohorts): no extra query.
            audit.record_trainees(request.user, audit.Action.ADMIN_LIST, changelist.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_record(request, response, object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_record(request, response, object_id, detail="history")
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._log_record(request, response, object_id, detail="earlier version")
        return response

    def _log_record(self, request, response, object_id, detail=""):
        """An entry when the page showed the record (a GET answered 200)."""
        if request.method != "GET" or response.status_code != 200:
            return
        trainee = Trainee.objects.select_related("cohort").filter(pk=object_id).first()
        if trainee is not None:
            audit.record(request.user, audit.Action.ADMIN_RECORD, trainee=trainee, detail=detail)

    # Lazy: the class is made once, at start-up, in no particular language.
    @admin.action(description=gettext_lazy("Move the selected trainees to a stage"))
    def move_to_stage(self, request, queryset):
        """Curators correct a stage through the same rules as the portal: a page asks for the
        stage, date and note, then each cohort's trainees move together, all or nothing."""
        form = MoveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            by_cohort = defaultdict(list)
            for trainee_id, cohort_id in queryset.values_list("pk", "cohort_id"):
                by_cohort[cohort_id].append(trainee_id)
            cohorts = Cohort.objects.select_related("programme").in_bulk(by_cohort)
            try:
                with transaction.atomic():
                    moved = [
                        trainee
                        for cohort_id, ids in by_cohort.items()
                        for trainee in services.move_trainees(
                            cohort=cohorts[cohort_id],
                            trainee_ids=ids,
                            user=request.user,
                            **form.cleaned_data,
                        )
                    ]
            except services.MoveRefused as refused:
                self.message_user(
                    request,
                    _("Nothing was saved. These trainees cannot make this move: %(list)s")
                    % {"list": "; ".join(refused.messages[:10])},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d trainee moved to %(stage)s.",
                        "%(count)d trainees moved to %(stage)s.",
                        len(moved),
                    )
                    % {"count": len(moved), "stage": Stage(form.cleaned_data["stage"]).label},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/trainees/move_to_stage.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move the selected trainees to a stage"),
                "opts": self.model._meta,
                "form": form,
                "trainees": queryset.select_related("cohort").order_by("full_name", "pk")[:100],
                "count": queryset.count(),
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
            },
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:  # a new trainee starts their timeline, as on the portal's own form
            services.register_trainees(cohort=obj.cohort, trainees=[obj], user=request.user)


@admin.register(DataAccess)
class DataAccessAdmin(DateHierarchyMixin, admin.ModelAdmin):
    """The access log of trainees' data, for curators to read: nobody adds, changes or deletes
    an entry (the database refuses it too; the yearly purge_access_log removes old ones)."""

    list_display = ["at", "username", "action", "institution", "cohort", "trainee_ref", "count"]
    list_filter = ["action"]
    list_select_related = ["institution", "cohort"]
    date_hierarchy = "at"
    # By account only: a trainee's name never goes into a URL.
    search_fields = ["username"]
    ordering = ["-at", "-pk"]  # dataaccess_at_idx
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("trainee"))
    def trainee_ref(self, obj):
        # The record's number, not the name: the log holds no personal data of its own.
        return f"#{obj.trainee_id}" if obj.trainee_id else ""
