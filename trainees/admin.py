from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.concurrency import VersionedAdminMixin, VersionedModelForm
from trainees import services
from trainees.models import Cohort, StageChange, Trainee


@admin.register(Cohort)
class CohortAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = VersionedModelForm
    list_display = ["name", "intake_year", "institution", "programme", "planned_size", "is_demo"]
    list_filter = ["intake_year", "programme", "is_demo"]
    list_select_related = ["institution", "programme"]
    search_fields = ["name", "institution__name"]
    autocomplete_fields = ["institution", "partners", "agreements"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["stage", "date", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Stage changes go through trainees.services.move_trainees, which checks the allowed
        # moves and dates.
        return False


@admin.register(Trainee)
class TraineeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = VersionedModelForm
    list_display = ["full_name", "cohort", "stage", "stage_since"]
    list_filter = ["stage", "cohort__programme", "cohort__intake_year"]
    list_select_related = ["cohort"]
    # No search box: a name or NISN typed there would travel in the URL and the server's logs.
    autocomplete_fields = ["cohort", "home_institution", "host_organisation", "prefecture"]
    readonly_fields = ["stage", "stage_since", "departed_on", "returned_on"]
    inlines = [StageChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:  # a new trainee starts their timeline, as on the portal's own form
            services.register_trainees(cohort=obj.cohort, trainees=[obj], user=request.user)
