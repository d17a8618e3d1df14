"""One home for the rules of a trainee's fields (trainees.fields): the same bad value is refused
with the same sentence by the roster import, the trainee form and the admin's change form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import Programme
from trainees import fields, roster
from trainees.models import Trainee

pytestmark = pytest.mark.django_db

TOMORROW = "tomorrow"  # the day after the test's today, as YYYY-MM-DD

# (field, the bad value as typed, the English message everywhere)
CASES = [
    (
        "nisn",
        "005123456",
        "“005123456” has 9 digits; an NISN has 10. If the spreadsheet removed its leading zeros, "
        "format the column as Text and type them again.",
    ),
    ("nisn", "00512345X7", "“00512345X7” is not an NISN: 10 digits."),
    ("nisn", "00512345678", "“00512345678” is not an NISN: 10 digits."),
    ("sex", "X", "Write L (laki-laki) or P (perempuan)."),
    ("birth_date", TOMORROW, "The date of birth is in the future."),
    ("language_level", "N7", "Write N5, N4, N3, N2, N1 or JFT."),
    ("full_name", "A" * 201, "Longer than 200 characters."),
    ("occupation", "x" * 101, "Longer than 100 characters."),
]
CASE_IDS = ["nisn-9-digits", "nisn-letter", "nisn-11-digits", "sex", "birth-date", "level"]
CASE_IDS += ["full-name", "occupation"]

# The roster's headers (English aliases) for the fields, and a good row to spoil one cell of.
ROSTER_HEADERS = {
    "full_name": "full name",
    "nisn": "NISN",
    "sex": "sex",
    "birth_date": "date of birth",
    "language_level": "Japanese level",
    "occupation": "occupation",
}
GOOD = {
    "full_name": "Ani Fiktif",
    "nisn": "0051234567",
    "sex": "P",
    "birth_date": "2008-05-17",
    "language_level": "N5",
    "occupation": "pengelasan",
}


def typed(value):
    if value == TOMORROW:
        return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    return value


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def messages(errors):
    """A form's errors for one field, as English text."""
    with translation.override("en"):
        return list(errors)


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school)  # a programme in Japan


@pytest.fixture
def domestic_cohort(walls, cohort_factory):
    programme = Programme.objects.get(code="domestic-placement")
    return cohort_factory(institution=walls.school, programme=programme)


def import_problems(cohort, field, value):
    """The problems the roster import finds in a row whose `field` cell is `value`."""
    row = {**GOOD, field: typed(value)}
    text = ",".join(ROSTER_HEADERS.values()) + "\n" + ",".join(row[f] for f in ROSTER_HEADERS)
    with translation.override("en"):
        result = roster.check(SimpleUploadedFile("peserta.csv", f"{text}\n".encode()), cohort)
        labels = {column.name: str(column.label) for column in roster.COLUMNS}
        return [(p.column == labels[field], p.message) for p in result.problems]


def form_errors(client, user, trainee, field, value):
    """The trainee form's errors under `field` when `value` is sent for it."""
    client.force_login(user)
    data = {
        "full_name": trainee.full_name,
        "nisn": trainee.nisn,
        "sex": trainee.sex,
        "birth_date": trainee.birth_date.isoformat(),
        "home_institution": trainee.home_institution_id,
        "seen_version": trainee.version,
        field: typed(value),
    }
    response = client.post(en("trainees:trainee-edit", trainee.pk), data)
    assert response.status_code == 200  # the form again, nothing saved
    return messages(response.context["form"].errors[field])


def admin_errors(admin_client, trainee, field, value):
    """The admin's change form's errors under `field` when `value` is sent for it."""
    data = {
        "cohort": trainee.cohort_id,
        "full_name": trainee.full_name,
        "nisn": trainee.nisn,
        "sex": trainee.sex,
        "birth_date": trainee.birth_date.isoformat(),
        "home_institution": trainee.home_institution_id,
        "language_level": "",
        "occupation": "",
        "host_organisation": "",
        "prefecture": "",
        "outcome": "",
        "seen_version": trainee.version,
        "stage_changes-TOTAL_FORMS": "0",
        "stage_changes-INITIAL_FORMS": "0",
        field: typed(value),
    }
    response = admin_client.post(en("admin:trainees_trainee_change", trainee.pk), data)
    assert response.status_code == 200  # the form again, nothing saved
    return messages(response.context["adminform"].form.errors[field])


@pytest.mark.parametrize("field, value, message", CASES, ids=CASE_IDS)
def test_the_import_the_form_and_the_admin_refuse_a_value_in_the_same_words(
    client, admin_client, walls, cohort, trainee_factory, field, value, message
):
    assert import_problems(cohort, field, value) == [(True, message)]
    trainee = trainee_factory(cohort=cohort, full_name="Budi Fiktif")
    assert form_errors(client, walls.owner, trainee, field, value) == [message]
    assert admin_errors(admin_client, trainee, field, value) == [message]
    trainee.refresh_from_db()
    assert trainee.full_name == "Budi Fiktif" and trainee.version == 1  # nothing saved


def test_the_good_row_the_cases_spoil_is_clean(cohort):
    assert import_problems(cohort, "full_name", GOOD["full_name"]) == []


@pytest.mark.parametrize(
    "field, organisation, message",
    [
        ("host_organisation", "school", "The host in Japan must be a Japanese partner."),
        (
            "home_institution",
            "japanese",
            "The home institution must be a school, a training centre or an association of "
            "schools.",
        ),
    ],
)
def test_the_form_and_the_admin_refuse_the_wrong_kind_of_organisation_alike(
    client, admin_client, walls, cohort, trainee_factory, field, organisation, message
):
    """The roster has no host column, and finds a home institution by its NPSN: a school."""
    trainee = trainee_factory(cohort=cohort)
    value = getattr(walls, organisation).pk
    assert form_errors(client, walls.owner, trainee, field, value) == [message]
    assert admin_errors(admin_client, trainee, field, value) == [message]


def test_the_form_and_the_admin_refuse_an_outcome_before_the_end_alike(
    client, admin_client, walls, domestic_cohort, trainee_factory
):
    """A domestic programme's form has the outcome; the roster has no outcome column."""
    trainee = trainee_factory(cohort=domestic_cohort)
    message = (
        "An outcome is recorded once the trainee has finished the programme: first record the "
        "stage “Completed the programme” (or “Withdrawn”). The trainee is at “Registered” now."
    )
    assert form_errors(client, walls.owner, trainee, "outcome", "placed") == [message]
    assert admin_errors(admin_client, trainee, "outcome", "placed") == [message]


def test_the_rules_know_the_model_fields_they_guard():
    """The lengths and codes the rules check are the model's."""
    meta = Trainee._meta
    assert meta.get_field("full_name").max_length == fields.FULL_NAME_LENGTH
    assert meta.get_field("occupation").max_length == fields.OCCUPATION_LENGTH
    assert meta.get_field("nisn").max_length == fields.NISN_DIGITS
    assert set(fields.SEX_SPELLINGS.values()) == set(Trainee.Sex.values)
    for level in Trainee.Language.values:
        assert fields.clean_language_level(level) == level
    assert set(fields.FORM_ERROR_MESSAGES) <= {f.name for f in meta.get_fields()}
