from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.models import Membership, Prefecture, Province, Regency, User
from portal.tasks import send_invitation

admin.site.site_header = _("Partnership portal: curators")
admin.site.site_title = _("Partnership portal")
admin.site.index_title = _("Registry")


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


class EstimatedCountPaginator(Paginator):
    """For the admin's biggest tables (300,000 trainees at national scale): unfiltered, the
    total is PostgreSQL's own estimate (pg_class.reltuples, kept by autovacuum and ANALYZE)
    instead of counting every row for each page. Filtered lists, small tables and SQLite are
    counted exactly."""

    exact_below = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor == "postgresql" and not queryset.query.where:
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
    """Send the password link once the account is committed."""
    base_url = request.build_absolute_uri("/")
    language = get_language()
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk, base_url, language))


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
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
        "get_full_name",
        "email",
        "membership_list",
        "is_staff",
        "is_active",
        "has_password",
    ]
    list_filter = ["is_staff", "is_active", "memberships__role", "memberships__province"]
    inlines = [MembershipInline]
    actions = ["send_password_link"]

    def has_change_permission(self, request, obj=None):
        # A curator may not take over a superuser's account (email, password link).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Curators create accounts and make curators; only a superuser makes a superuser.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), "is_superuser", "user_permissions"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("memberships__organisation", "memberships__province")
        )

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
        users = list(queryset.filter(is_active=True).exclude(email=""))
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
                    "%(count)d user was skipped: inactive or without an email address.",
                    "%(count)d users were skipped: inactive or without an email address.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
