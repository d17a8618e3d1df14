from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships import services
from partnerships.models import Agreement, AgreementParty, Organisation, Person
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


class AgreementAdminForm(VersionedModelForm):
    """The curators' agreement form (partnerships/admin.py AgreementAdmin)."""

    class Meta:
        model = Agreement
        fields = "__all__"
        widgets = {
            # Six programmes: boxes to tick, not a two-list picker.
            "programmes": forms.CheckboxSelectMultiple,
            "summary": AdminTextareaWidget(attrs={"rows": 4}),
            "termination_reason": AdminTextareaWidget(attrs={"rows": 3}),
        }


def normalised_name(name):
    """A typed name with its spaces tidied: "  Tanaka   Hiroshi " is "Tanaka Hiroshi"."""
    return " ".join((name or "").split())


class AgreementPartyAdminForm(forms.ModelForm):
    """A party in the agreement's admin. Its signatory is asked once: a recorded person, or the
    name of someone not recorded yet, who is recorded when the agreement is saved. A typed name
    that a recorded person of the same organisation bears is that person: the second agreement
    a rector signs does not record them twice."""

    class Meta:
        model = AgreementParty
        fields = [
            "organisation",
            "role",
            "position",
            "person",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "signed_at_place",
        ]
        labels = {
            "person": _("Choose a recorded person"),
            "signatory_name": _("or type a new name"),
        }
        help_texts = {
            "signatory_name": _("As the document prints it. Saving records the new person."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_signatory = ""
        # A recorded signatory's name is the person's: the question is answered once.
        party = self.instance
        if party.person_id and normalised_name(party.signatory_name) == party.person.name:
            self.initial["signatory_name"] = ""

    def clean(self):
        cleaned_data = super().clean()
        person = cleaned_data.get("person")
        name = normalised_name(cleaned_data.get("signatory_name"))
        cleaned_data["signatory_name"] = name
        self.new_signatory = ""
        if person and name:
            unchanged = person.pk == self.instance.person_id and name == normalised_name(
                self.instance.signatory_name
            )
            if name.casefold() != person.name.casefold() and not unchanged:
                self.add_error(
                    "signatory_name",
                    forms.ValidationError(
                        _(
                            "You chose %(person)s and typed “%(name)s”. Choose a recorded "
                            "person or type a new name, not both."
                        ),
                        code="two_signatories",
                        params={"person": person.name, "name": name},
                    ),
                )
        elif name:
            self.match_recorded_person(name, cleaned_data)
        return cleaned_data

    def match_recorded_person(self, name, cleaned_data):
        organisation = cleaned_data.get("organisation")
        if organisation is None:
            return  # the organisation's own error says what is missing
        of_organisation = Q(signatures__organisation=organisation) | Q(
            positions__organisation=organisation
        )
        matches = list(
            Person.objects.filter(of_organisation, name__iexact=name).distinct().order_by("pk")[:2]
        )
        if len(matches) == 1:
            cleaned_data["person"] = matches[0]
            cleaned_data["signatory_name"] = matches[0].name
        elif matches:
            self.add_error(
                "person",
                forms.ValidationError(
                    _(
                        "Several recorded people of %(organisation)s are named “%(name)s”: "
                        "choose the one who signed."
                    ),
                    code="ambiguous_signatory",
                    params={"organisation": organisation, "name": name},
                ),
            )
        else:
            self.new_signatory = name

    def save(self, commit=True):
        if self.new_signatory and self.instance.person_id is None:
            self.instance.person = services.record_person(name=self.new_signatory)
        return super().save(commit)
