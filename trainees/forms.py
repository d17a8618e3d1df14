from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Agreement, Organisation
from partnerships.widgets import (
    AgreementMultipleChoiceField,
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
)
from portal.access import INSTITUTION_ROLES
from portal.concurrency import VersionedModelForm
from trainees.fields import FORM_ERROR_MESSAGES
from trainees.models import INSTITUTION_KINDS, Cohort, Stage, Trainee

# Up to this many institutions are offered as a plain select; more are searched.
SHORT_LIST = 10


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CohortForm(VersionedModelForm):
    class Meta:
        model = Cohort
        fields = [
            "name",
            "institution",
            "programme",
            "intake_year",
            "start_date",
            "planned_size",
            "target_departure",
            "partners",
            "agreements",
        ]
        widgets = {"start_date": DateInput(), "target_departure": DateInput()}
        # Searched by name, never listed whole (portal/widgets.py).
        field_classes = {
            "institution": OrganisationChoiceField,
            "partners": OrganisationMultipleChoiceField,
            "agreements": AgreementMultipleChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the institutions this user runs cohorts for (all of them for curators): the
        # field resolves names and ids within this queryset only.
        institutions = Organisation.objects.changeable_by(user, INSTITUTION_ROLES).filter(
            kind__in=INSTITUTION_KINDS
        )
        field = self.fields["institution"]
        field.queryset = institutions.order_by("name")
        field.widget.params = {"kind": sorted(INSTITUTION_KINDS)}
        count = institutions.count()
        if count <= SHORT_LIST:  # a head's own institutions: a plain select
            field.widget = forms.Select()
            field.empty_label = "---------"
            field.queryset = field.queryset
        if count == 1 and not self.instance.pk:
            field.initial = institutions.get().pk
        partner_kinds = ["training_centre", "japanese_partner", "industry"]
        self.fields["partners"].queryset = Organisation.objects.filter(kind__in=partner_kinds)
        self.fields["partners"].widget.params = {"kind": partner_kinds}
        self.fields["agreements"].queryset = Agreement.objects.all()
        self.fields["intake_year"].initial = timezone.localdate().year
        self.helper = _helper(_("Save the cohort"))


class TraineeRulesForm(VersionedModelForm):
    """A trainee's form, the portal's (TraineeForm) or the admin's. The rules of a trainee's
    fields (trainees.fields) run in the model's validators and clean(); Django's own checks
    that come first in the form (a choice from the list, a length, an organisation outside the
    field's choices) answer in the same words, so a bad value reads the same here as in the
    roster import."""

    class Meta:
        error_messages = FORM_ERROR_MESSAGES


class TraineeForm(TraineeRulesForm):
    class Meta(TraineeRulesForm.Meta):
        model = Trainee
        fields = [
            "full_name",
            "nisn",
            "sex",
            "birth_date",
            "home_institution",
            "language_level",
            "occupation",
            "host_organisation",
            "prefecture",
            "outcome",
        ]
        widgets = {"birth_date": DateInput()}
        # Searched by name or NPSN, never listed whole (portal/widgets.py).
        field_classes = {
            "home_institution": OrganisationChoiceField,
            "host_organisation": OrganisationChoiceField,
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        home = self.fields["home_institution"]
        home.queryset = Organisation.objects.filter(kind__in=INSTITUTION_KINDS)
        home.widget.params = {"kind": sorted(INSTITUTION_KINDS)}
        home.initial = cohort.institution_id
        host = self.fields["host_organisation"]
        host.queryset = Organisation.objects.filter(kind="japanese_partner")
        host.widget.params = {"kind": "japanese_partner"}
        if cohort.is_domestic:
            for name in ("host_organisation", "prefecture"):
                del self.fields[name]
        else:
            del self.fields["outcome"]
        self.helper = _helper(_("Save the trainee"))

    def clean_nisn(self):
        return self.cleaned_data["nisn"] or None


class MoveForm(forms.Form):
    """Move one or many trainees to a stage, on a date, with a note.

    `stages`, when given, are the stages offered, in that order, the first chosen unless the
    form's `initial` names another (the cohort page's bulk move: the trainees' most common next
    stage); without it every stage is accepted and the services say which move is allowed."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if stages is not None:
            stage = self.fields["stage"]
            stage.choices = [(s, Stage(s).label) for s in stages]
            stage.initial = stages[0] if stages else None

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return date


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.csv or .xlsx)"),
        help_text=_("Use the template: one trainee per row. At most 10,000 rows and 5 MB."),
    )
