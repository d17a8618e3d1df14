from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, models, transaction
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db import admin as tasks_db_admin
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from portal.access import can_manage_account, manageable_accounts
from portal.models import Membership, Prefecture, Province, Regency, User
from portal.tasks import send_invitation

admin.site.site_header = _("Partnership portal: curators")
admin.site.site_title = _("Partnership portal")
admin.site.index_title = _("Registry")

# Other apps' sections of the admin's index, in a curator's words rather than the packages'
# names ("Axes", "Tasks Database Backend").
for _label, _name in [
    ("axes", _("Sign-in attempts and lockouts")),
    ("django_tasks_database", _("Background tasks")),
]:
    if _label in apps.app_configs:
        apps.get_app_config(_label).verbose_name = _name


def titled(title, filter_class):
    """A field's list filter under a heading a curator reads ("By year signed"), where Django
    would print the field's name ("By signed on")."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


class DateHierarchyChangeList(ChangeList):
    """Django 6.1.3 answers 500 to an out-of-range year in a date hierarchy
    (?signed_on__year=9999 or a 20-digit number: Django ticket #37357, fixed after 6.1.3).
    Here it gets the admin's usual answer to a bad filter: the list again, with a warning."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateHierarchyMixin:
    """For every ModelAdmin with a date_hierarchy. Drop it with Django's own fix."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, for every model with a history.

    Its page of an earlier version saves what is posted to it after checking only that the user
    may *view* the history (simple_history 3.13 `history_form_view`): anyone who may read a
    record could change it there, a curator a superuser's address for instance. Here a post to
    that page needs the right to change the record as it is now, as the change form does."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history calls select_related() with no field at all for a model whose history
        # tracks no foreign key (the accounts), which Django 6.1 deprecates: name them.
        records = history_manager.filter(**{pk_name: object_id})
        tracked = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        if not isinstance(history_manager.model.history_user, property):
            tracked.append("history_user")
        return records.select_related(*tracked) if tracked else records


class EstimatedCountPaginator(Paginator):
    """For the admin's biggest tables (300,000 trainees at national scale): unfiltered, the
    total is PostgreSQL's own estimate (pg_class.reltuples, kept by autovacuum and ANALYZE)
    instead of counting every row for each page. Filtered lists and small tables are counted
    exactly."""

    exact_below = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.exact_below:
                return row[0]
        return super().count


# django-axes' lists (curators lift lockouts there) have a date hierarchy too. Importing
# axes.admin here registers them before this module wraps them; its own import by the admin's
# autodiscovery then does nothing more.
for _model, _model_admin in [
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
]:
    if admin.site.is_registered(_model):  # unless AXES_ENABLE_ADMIN is off
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(_model_admin.__name__, (DateHierarchyMixin, _model_admin), {})
        )


class TaskResultAdmin(DateHierarchyMixin, tasks_db_admin.DBTaskResultAdmin):
    """The task worker's rows (queued, running, finished, failed), read-only. Their arguments
    are ids only (portal/task_backends.py), but rows queued before that rule, return values and
    tracebacks are still not for curators: they see what ran, when and whether it worked."""

    date_hierarchy = "enqueued_at"
    SUPERUSER_ONLY = {"args_kwargs", "return_value", "formatted_traceback", "worker_ids"}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [field for field in fields if field not in self.SUPERUSER_ONLY]


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "iso_code", "name"]
    search_fields = ["name", "code", "iso_code"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "code"]


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_ja"]
    search_fields = ["name", "name_ja"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation", "province"]
    fields = ["role", "organisation", "province"]


class InviteUserForm(forms.ModelForm):
    """A new account has no password: its owner chooses one from the emailed link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The link to choose a password is sent to this address.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


def invite(request, user):
    """Send the password link once the account is committed. The task gets the user's id and
    builds the link when it runs: the link is never stored (portal/tasks.py)."""
    language = get_language()
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk, language))


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    add_form = InviteUserForm
    # The language of the mail the portal sends the user, beside their name and address.
    fieldsets = [
        (name, {**options, "fields": [*options["fields"], "language"]})
        if options["fields"] == ("first_name", "last_name", "email")
        else (name, options)
        for name, options in BaseUserAdmin.fieldsets
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": ["username", "first_name", "last_name", "email", "language"],
                "description": _(
                    "The new user receives an email with a link to choose their password. "
                    "Give them a role below: head or staff of an institution, or official of a "
                    "province. Curators are staff users (see permissions after saving)."
                ),
            },
        )
    ]
    list_display = [
        "username",
        "full_name",
        "email",
        "membership_list",
        "is_staff",
        "is_active",
        "has_password",
    ]
    list_filter = ["is_staff", "is_active", "memberships__role", "memberships__province"]
    inlines = [MembershipInline]
    actions = ["send_password_link"]

    # Who may change which account is the access layer's rule (portal.access): a curator keeps
    # the accounts of schools', training centres' and provinces' people and their own, never a
    # superuser's or another curator's, by any path of this admin: the change form and its
    # memberships, the history's revert, the password link action, deletion.

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_manage_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_manage_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser makes curators and superusers or grants permissions.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return [
            *super().get_readonly_fields(request, obj),
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]

    def get_fieldsets(self, request, obj=None):
        # Setting someone's password is signing in as them: a curator sends the owner a link
        # to choose it instead (the action below). Only a superuser sees the password field
        # and its form.
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("memberships__organisation", "memberships__province")
        )

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("memberships"))
    def membership_list(self, obj):
        return "; ".join(str(m) for m in obj.memberships.all())

    @admin.display(description=_("password chosen"), boolean=True)
    def has_password(self, obj):
        return obj.has_usable_password()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            invite(request, obj)
            self.message_user(
                request,
                _("A link to choose a password is being sent to %(email)s.") % {"email": obj.email},
                messages.INFO,
            )

    @admin.action(description=_("Send a link to choose a new password"))
    def send_password_link(self, request, queryset):
        users = list(
            manageable_accounts(request.user, queryset).filter(is_active=True).exclude(email="")
        )
        for user in users:
            invite(request, user)
        self.message_user(
            request,
            ngettext(
                "A password link is being sent to %(count)d user.",
                "A password link is being sent to %(count)d users.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
        skipped = queryset.count() - len(users)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d user was skipped: inactive, without an email address, or a "
                    "curator or superuser, whose account only a superuser may change.",
                    "%(count)d users were skipped: inactive, without an email address, or "
                    "curators or superusers, whose accounts only a superuser may change.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
