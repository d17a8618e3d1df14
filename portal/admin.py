from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import Prefecture, Province, Regency, User

admin.site.site_header = _("Partnership portal: curators")
admin.site.site_title = _("Partnership portal")
admin.site.index_title = _("Registry")


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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "organisation", "province", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "province"]
    list_select_related = ["organisation", "province"]
    autocomplete_fields = ["organisation", "province"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role in the portal"), {"fields": ["role", "organisation", "province"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Role in the portal"), {"fields": ["role", "organisation", "province"]}),
    ]
