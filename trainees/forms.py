from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Agreement, Organisation
from portal.access import INSTITUTION_ROLES
from portal.concurrency import VersionedModelForm
from trainees.models import INSTITUTION_KINDS, Cohort, Stage, Trainee


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
        widgets = {
            "start_date": DateInput(),
            "target_departure": DateInput(),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "agreements": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the institutions this user runs cohorts for (all of them for curators).
        institutions = Organisation.objects.changeable_by(user, INSTITUTION_ROLES).filter(
            kind__in=INSTITUTION_KINDS
        )
        self.fields["institution"].queryset = institutions.order_by("name")
        if institutions.count() == 1 and not self.instance.pk:
            self.fields["institution"].initial = institutions.get().pk
        self.fields["partners"].queryset = Organisation.objects.filter(
            kind__in=["training_centre", "japanese_partner", "industry"]
        ).order_by("name")
        self.fields["agreements"].queryset = Agreement.objects.order_by("title")
        self.fields["intake_year"].initial = timezone.localdate().year
        self.helper = _helper(_("Save the cohort"))


class TraineeForm(VersionedModelForm):
    class Meta:
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

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        self.fields["home_institution"].queryset = Organisation.objects.filter(
            kind__in=INSTITUTION_KINDS
        ).order_by("name")
        self.fields["home_institution"].initial = cohort.institution_id
        self.fields["host_organisation"].queryset = Organisation.objects.filter(
            kind="japanese_partner"
        ).order_by("name")
        if cohort.is_domestic:
            for name in ("host_organisation", "prefecture"):
                del self.fields[name]
        else:
            del self.fields["outcome"]
        self.helper = _helper(_("Save the trainee"))

    def clean_nisn(self):
        return self.cleaned_data["nisn"] or None


class MoveForm(forms.Form):
    """Move one or many trainees to a stage, on a date, with a note."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

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
