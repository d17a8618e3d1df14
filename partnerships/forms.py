from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation
from portal.concurrency import VersionedModelForm


class OrganisationProfileForm(VersionedModelForm):
    """What an institution's head keeps current. Name, kind, NPSN and place are the registry's:
    curators change them in the admin."""

    class Meta:
        model = Organisation
        fields = ["short_name", "address", "phone", "email", "website", "description"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "phone": _("The office number parents and partners can call, e.g. 0732 21234."),
            "website": _("The full address, starting with https://"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save changes")))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(c.isdigit() or c in " +-()." for c in phone):
            raise forms.ValidationError(
                _("Use digits, spaces and + - ( ) only, e.g. +62 732 21234.")
            )
        return phone
