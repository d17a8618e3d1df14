from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    CATEGORIES_BY_KIND,
    Association,
    Event,
    Figure,
    GovernmentBody,
    Industry,
    JapanesePartner,
    Organisation,
    Person,
    Position,
    School,
    Source,
    TrainingCentre,
)


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["person", "source"]


class OrganisationAdmin(SimpleHistoryAdmin):
    """All kinds at once: for merging duplicates and moving a record to another kind."""

    list_display = ["name", "short_name", "kind", "category", "province", "regency", "is_demo"]
    list_filter = ["kind", "category", "is_demo", "province"]
    list_select_related = ["province", "regency", "prefecture"]
    search_fields = ["name", "short_name", "name_ja", "npsn", "slug"]
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


class KindForm(forms.ModelForm):
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
        return [
            (None, {"fields": ["name", "short_name", "slug", "category", "parent"]}),
            (_("Kind-specific"), {"fields": self.kind_fields}),
            *self.common_fieldsets,
        ]


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
    kind_fields = []

    def get_fieldsets(self, request, obj=None):
        return [
            fieldset for fieldset in super().get_fieldsets(request, obj) if fieldset[1]["fields"]
        ]


@admin.register(Association)
class AssociationAdmin(KindAdmin):
    list_display = ["name", "short_name", "category", "province", "is_demo"]
    kind_fields = ["members"]


@admin.register(Industry)
class IndustryAdmin(GovernmentBodyAdmin):
    list_display = ["name", "regency", "province", "is_demo"]
    list_select_related = ["province", "regency", "prefecture"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_ja"]
    search_fields = ["name", "name_ja"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    search_fields = ["title", "publisher"]
    date_hierarchy = "published_on"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "is_planned", "venue", "regency"]
    list_filter = ["kind", "is_planned"]
    list_select_related = ["regency"]
    search_fields = ["name", "venue"]
    autocomplete_fields = ["regency", "participants", "source"]
    date_hierarchy = "date"


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["organisation", "metric", "value", "value_max", "unit", "as_of"]
    list_filter = ["metric", "unit"]
    list_select_related = ["organisation", "source"]
    search_fields = ["organisation__name", "note"]
    autocomplete_fields = ["organisation", "source"]
    date_hierarchy = "as_of"
