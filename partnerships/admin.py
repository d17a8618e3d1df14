from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerships.forms import AgreementAdminForm, AgreementPartyAdminForm
from partnerships.models import (
    CATEGORIES_BY_KIND,
    Agreement,
    AgreementParty,
    Association,
    Event,
    ExpiryReminder,
    Figure,
    GovernmentBody,
    Industry,
    JapanesePartner,
    Organisation,
    Person,
    Position,
    Programme,
    School,
    Source,
    TrainingCentre,
)
from portal.admin import DateHierarchyMixin, HistoryAdmin, titled
from portal.concurrency import VersionedAdminMixin, VersionedModelForm
from portal.widgets import DateWidget

# Dates without a time carry no time-zone note (portal/widgets.py DateWidget).
DATE_ONLY = {models.DateField: {"widget": DateWidget}}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["person", "source"]
    formfield_overrides = DATE_ONLY


class OrganisationAdmin(VersionedAdminMixin, HistoryAdmin):
    """All kinds at once: for merging duplicates and moving a record to another kind."""

    form = VersionedModelForm
    list_display = ["name", "short_name", "kind", "category", "province", "regency", "is_demo"]
    list_filter = ["kind", "category", "is_demo", "province"]
    list_select_related = ["province", "regency", "prefecture"]
    search_fields = ["name", "short_name", "name_ja", "npsn", "slug"]
    ordering = ["name", "pk"]  # org_name_idx
    # The changelist counts the filtered rows only, never the whole registry again.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "province", "regency", "prefecture", "members"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PositionInline]
    list_per_page = 50
    common_fieldsets = [
        (
            _("Place"),
            {"fields": ["province", "regency", "address"]},
        ),
        (_("Contact"), {"fields": ["website", "email", "phone"]}),
        (_("Record"), {"fields": ["description", "is_demo", "created_at", "updated_at"]}),
    ]
    fieldsets = [
        (
            None,
            {"fields": ["name", "short_name", "slug", "kind", "category", "parent"]},
        ),
        (
            _("Kind-specific"),
            {"fields": ["npsn", "licence_number", "name_ja", "prefecture", "members"]},
        ),
        *common_fieldsets,
    ]


admin.site.register(Organisation, OrganisationAdmin)


class KindForm(VersionedModelForm):
    """The form of a kind's own admin: the kind is fixed by the model, before validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self._meta.model.KIND
        if "category" in self.fields:
            allowed = CATEGORIES_BY_KIND[self._meta.model.KIND]
            self.fields["category"].choices = [
                choice for choice in Organisation.Category.choices if choice[0] in allowed
            ]


class KindAdmin(OrganisationAdmin):
    form = KindForm
    list_filter = ["category", "is_demo", "province"]
    kind_fields = []

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["name", "short_name", "slug", "category", "parent"]}),
            *([(_("Kind-specific"), {"fields": self.kind_fields})] if self.kind_fields else []),
            *self.common_fieldsets,
        ]
        return self.with_version_field(fieldsets, obj)


@admin.register(School)
class SchoolAdmin(KindAdmin):
    list_display = ["name", "npsn", "regency", "province", "is_demo"]
    kind_fields = ["npsn"]


@admin.register(TrainingCentre)
class TrainingCentreAdmin(KindAdmin):
    list_display = ["name", "category", "licence_number", "regency", "province", "is_demo"]
    kind_fields = ["licence_number"]


@admin.register(JapanesePartner)
class JapanesePartnerAdmin(KindAdmin):
    list_display = ["name", "name_ja", "category", "prefecture", "is_demo"]
    list_filter = ["category", "is_demo", "prefecture"]
    kind_fields = ["name_ja", "prefecture"]
    common_fieldsets = [
        (_("Place"), {"fields": ["address"]}),
        *OrganisationAdmin.common_fieldsets[1:],
    ]


@admin.register(GovernmentBody)
class GovernmentBodyAdmin(KindAdmin):
    list_display = ["name", "short_name", "category", "parent", "province", "is_demo"]
    list_select_related = ["province", "regency", "prefecture", "parent"]


@admin.register(Association)
class AssociationAdmin(KindAdmin):
    list_display = ["name", "short_name", "category", "province", "is_demo"]
    kind_fields = ["members"]


@admin.register(Industry)
class IndustryAdmin(KindAdmin):
    list_display = ["name", "regency", "province", "is_demo"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "name_ja"]
    search_fields = ["name", "name_ja"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]


@admin.register(Source)
class SourceAdmin(DateHierarchyMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    search_fields = ["title", "publisher"]
    date_hierarchy = "published_on"
    formfield_overrides = DATE_ONLY


class EventStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Event.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_status().filter(status_code=self.value())
        return queryset


@admin.register(Event)
class EventAdmin(DateHierarchyMixin, admin.ModelAdmin):
    """Also the signing events (name, date, venue, city) that agreements point at."""

    list_display = ["name", "kind", "date", "status_label", "venue", "regency"]
    list_filter = ["kind", EventStatusFilter]
    list_select_related = ["regency"]
    search_fields = ["name", "venue"]
    autocomplete_fields = ["regency", "participants", "source"]
    date_hierarchy = "date"
    formfield_overrides = DATE_ONLY

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status.label


@admin.register(Figure)
class FigureAdmin(DateHierarchyMixin, admin.ModelAdmin):
    list_display = ["organisation", "metric", "value", "value_max", "unit", "as_of"]
    list_filter = ["metric", "unit"]
    list_select_related = ["organisation", "source"]
    search_fields = ["organisation__name", "note"]
    autocomplete_fields = ["organisation", "source"]
    date_hierarchy = "as_of"
    formfield_overrides = DATE_ONLY


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "name_ja", "code", "is_domestic", "position"]
    list_editable = ["position"]
    list_filter = ["is_domestic"]
    prepopulated_fields = {"code": ["name"]}


class AgreementPartyInline(admin.StackedInline):
    """The parties and who signed for each, in the order the document names them: drawn
    under the agreement's heading, before its dates (templates/admin/partnerships/agreement/
    change_form.html)."""

    model = AgreementParty
    form = AgreementPartyAdminForm
    extra = 0
    min_num = 2
    autocomplete_fields = ["organisation", "person"]
    formfield_overrides = DATE_ONLY
    fieldsets = [
        (None, {"fields": [("organisation", "role", "position")]}),
        (
            _("Who signed for this party?"),
            {
                "fields": [("person", "signatory_name"), "signatory_title"],
                "description": _(
                    "Choose a recorded person, or type the name of someone not recorded yet. "
                    "Leave both empty when the document does not say."
                ),
            },
        ),
        (None, {"fields": [("signed_on", "signed_at_place")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "person")

    def get_formset(self, request, obj=None, **kwargs):
        # An agreement has two parties at least; the admin does not enforce min_num by itself.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class ProtectedDocumentWidget(AdminFileWidget):
    """Links the current document to the download view that checks permission, not to
    MEDIA_URL, which serves nothing."""

    class Link:
        def __init__(self, agreement):
            self.url = reverse("partnerships:agreement-document", args=[agreement.pk])
            self.name = f"kerja-sama-{agreement.pk}.pdf"

        def __str__(self):
            return self.name

    def format_value(self, value):
        if self.is_initial(value) and getattr(value, "instance", None) is not None:
            return self.Link(value.instance)
        return super().format_value(value)


class AgreementStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Agreement.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_status_in([self.value()])
        return queryset


@admin.register(Agreement)
class AgreementAdmin(DateHierarchyMixin, VersionedAdminMixin, HistoryAdmin):
    form = AgreementAdminForm
    list_display = ["title", "number", "kind", "signed_on", "status_label", "verified", "is_demo"]
    list_filter = [
        AgreementStatusFilter,
        "kind",
        ("programmes", titled(_("programme"), admin.RelatedFieldListFilter)),
        "is_demo",
        ("signed_on", titled(_("signing date"), admin.DateFieldListFilter)),
    ]
    list_select_related = ["event"]
    # The portal's own search (title, number, summary, a party's name or a signatory), answered
    # by its indexes: see get_search_results.
    search_fields = ["title", "number", "summary", "parties__organisation__name"]
    search_help_text = _("Title, number, summary, a party's name or a signatory.")
    # The public list's order, read from agreement_list_order_idx.
    ordering = [F("signed_on").desc(nulls_last=True), "title", "pk"]
    show_full_result_count = False
    autocomplete_fields = ["amends", "event", "source"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    date_hierarchy = "signed_on"
    formfield_overrides = {
        models.FileField: {"widget": ProtectedDocumentWidget},
        **DATE_ONLY,
    }
    inlines = [AgreementPartyInline]
    actions = ["mark_verified"]
    # In the order of a signed document: its heading, then its parties and their signatories
    # (the inline, drawn after the first fieldset by the change form's template), then its
    # dates and the rest. What a curator seldom enters is folded away.
    fieldsets = [
        (None, {"fields": [("kind", "number"), "title", "amends"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("signed_on", "signed_on_precision"),
                    ("effective_from", "expires_on", "auto_renewal"),
                ]
            },
        ),
        (_("What it covers"), {"fields": ["programmes", ("quota", "quota_period"), "summary"]}),
        (
            _("Where it is known from"),
            {"fields": ["event", "source", "source_citation", "document", "document_is_public"]},
        ),
        (
            _("Termination"),
            {"classes": ["collapse"], "fields": ["terminated_on", "termination_reason"]},
        ),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": ["is_demo", "verified_by", "verified_at", "created_at", "updated_at"],
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # `id IN (...)` subqueries: an agreement matched through two parties is still one row,
        # so no SELECT DISTINCT over the whole table.
        return queryset.search(search_term), False

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status.label

    @admin.display(description=_("verified"), boolean=True)
    def verified(self, obj):
        return obj.is_verified

    @admin.action(description=_("Mark the selected agreements as verified"))
    def mark_verified(self, request, queryset):
        count = 0
        # One save per agreement, not a bulk update, so that the history records who verified.
        for agreement in queryset.filter(verified_at__isnull=True):
            agreement.verified_by, agreement.verified_at = request.user, timezone.now()
            agreement.save(update_fields=["verified_by", "verified_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d agreement marked as verified.",
                "%(count)d agreements marked as verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(DateHierarchyMixin, admin.ModelAdmin):
    """What the daily job sent (partnerships/reminders.py): read only, kept as the record that
    a reminder went out, which also stops it from going out again."""

    list_display = ["agreement", "threshold", "expires_on", "sent_at", "recipient_count"]
    list_filter = ["threshold"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__number", "agreement__title"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
