"""The rules of a trainee's own fields, each with its message: one home for every way in.

The roster import reads its cells through them (trainees.roster.checking); the model runs them
as its fields' validators and in Trainee.clean(), so the trainee form and the admin's change
form, both ModelForms, run them too; and FORM_ERROR_MESSAGES has Django's own checks in those
forms (a choice from the list, a length, an organisation outside the list) answer in the
rules' words. A bad value gets the same sentence wherever it was typed.

Each `clean_*` function takes a value and returns it clean, or raises ValidationError; as a
model field's validator its return value is ignored. Nothing here queries the database, and a
message is translated only when a value is refused: the import checks 10,000 rows in a
fraction of a second.

Rules that need other records or several rows stay with those who have them: an NISN already
registered and a school found by its NPSN (trainees.roster.checking, one query per file), the
stage and its dates (trainees.services.entry_problems).
"""

import functools

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The messages. The roster import names the column and the row; the forms put the message
# under the field.
NISN_TOO_SHORT = _(
    "“%(value)s” has %(digits)d digits; an NISN has 10. If the spreadsheet removed its leading "
    "zeros, format the column as Text and type them again."
)
NOT_AN_NISN = _("“%(value)s” is not an NISN: 10 digits.")
UNKNOWN_SEX = _("Write L (laki-laki) or P (perempuan).")
BIRTH_DATE_IN_FUTURE = _("The date of birth is in the future.")
UNKNOWN_LANGUAGE_LEVEL = _("Write N5, N4, N3, N2, N1 or JFT.")
FULL_NAME_TOO_LONG = _("Longer than 200 characters.")
OCCUPATION_TOO_LONG = _("Longer than 100 characters.")
HOST_NOT_JAPANESE = _("The host in Japan must be a Japanese partner.")
HOME_NOT_INSTITUTION = _(
    "The home institution must be a school, a training centre or an association of schools."
)
OUTCOME_BEFORE_THE_END = _(
    "An outcome is recorded once the trainee has finished the programme: first record the "
    "stage “%(finished)s” (or “%(withdrawn)s”). The trainee is at “%(stage)s” now."
)

NISN_DIGITS = 10
# The lengths of Trainee.full_name and Trainee.occupation (the messages say them).
FULL_NAME_LENGTH = 200
OCCUPATION_LENGTH = 100
# The codes of Trainee.Sex as the sex is written: the code, L/P (laki-laki/perempuan) on
# Indonesian lists, the word in either language, in any case, or 男/女 (男性/女性) on the
# Japanese partners' lists.
SEX_SPELLINGS = {"l": "M", "laki-laki": "M", "m": "M", "male": "M", "p": "F", "perempuan": "F"}
SEX_SPELLINGS.update({"f": "F", "female": "F"})
SEX_SPELLINGS.update({"男": "M", "男性": "M", "女": "F", "女性": "F"})

# Django's own checks in a ModelForm of trainees, in the rules' words: a choice the list does
# not have (a select bypassed), more characters than the field takes, an organisation outside
# the field's choices. ModelForm's Meta.error_messages; the admin's form inherits them.
FORM_ERROR_MESSAGES = {
    "full_name": {"max_length": FULL_NAME_TOO_LONG},
    "nisn": {"max_length": NOT_AN_NISN},
    "sex": {"invalid_choice": UNKNOWN_SEX},
    "language_level": {"invalid_choice": UNKNOWN_LANGUAGE_LEVEL},
    "occupation": {"max_length": OCCUPATION_TOO_LONG},
    "home_institution": {"invalid_choice": HOME_NOT_INSTITUTION},
    "host_organisation": {"invalid_choice": HOST_NOT_JAPANESE},
}


@functools.cache
def _trainee_models():
    """trainees.models, which imports this module for its validators: read at the first use."""
    from trainees import models

    return models


@functools.cache
def _language_levels():
    return frozenset(_trainee_models().Trainee.Language.values)


def clean_full_name(text):
    if len(text) > FULL_NAME_LENGTH:
        raise ValidationError(FULL_NAME_TOO_LONG, code="max_length")
    return text


def clean_nisn(text):
    """An NISN: 10 digits, leading zeros included. When a spreadsheet has made a number of it,
    the zeros are gone: the message says so."""
    digits = text.isascii() and text.isdigit()
    if digits and len(text) < NISN_DIGITS:
        raise ValidationError(
            NISN_TOO_SHORT, code="nisn_digits", params={"value": text, "digits": len(text)}
        )
    if not (digits and len(text) == NISN_DIGITS):
        raise ValidationError(NOT_AN_NISN, code="nisn", params={"value": text})
    return text


def clean_sex(text):
    """The code of Trainee.Sex written in `text` (SEX_SPELLINGS)."""
    try:
        return SEX_SPELLINGS[text.lower()]
    except KeyError:
        raise ValidationError(UNKNOWN_SEX, code="sex") from None


def clean_birth_date(value, today=None):
    """A date of birth: not in the future."""
    if value > (today or timezone.localdate()):
        raise ValidationError(BIRTH_DATE_IN_FUTURE, code="birth_date_in_future")
    return value


def clean_language_level(text):
    """The code of Trainee.Language written in `text`, "" for none: "N4", "jlpt n4" and
    "JFT-Basic (A2)" as certificates say them."""
    level = text.upper().replace("JLPT", "").strip()
    if level.startswith("JFT"):
        level = "JFT"
    if level not in _language_levels():
        raise ValidationError(UNKNOWN_LANGUAGE_LEVEL, code="language_level")
    return level


def clean_occupation(text):
    if len(text) > OCCUPATION_LENGTH:
        raise ValidationError(OCCUPATION_TOO_LONG, code="max_length")
    return text


def clean_home_institution(organisation):
    """Where the trainee comes from: a school, a training centre or an association of schools,
    as runs a cohort."""
    if organisation.kind not in _trainee_models().INSTITUTION_KINDS:
        raise ValidationError(HOME_NOT_INSTITUTION, code="home_institution_kind")
    return organisation


def clean_host_organisation(organisation):
    if organisation.kind != "japanese_partner":
        raise ValidationError(HOST_NOT_JAPANESE, code="host_organisation_kind")
    return organisation


def clean_outcome(outcome, *, stage, cohort=None):
    """An outcome is recorded only at a final stage: the stage that ends the trainee's programme
    (completing it at home, the return from Japan) or the withdrawal."""
    models = _trainee_models()
    if outcome and stage not in models.FINAL_STAGES:
        domestic = cohort is None or cohort.is_domestic
        raise ValidationError(
            OUTCOME_BEFORE_THE_END,
            code="outcome_before_the_end",
            params={
                "finished": (models.Stage.COMPLETED if domestic else models.Stage.RETURNED).label,
                "withdrawn": models.Stage.WITHDRAWN.label,
                "stage": models.Stage(stage).label,
            },
        )
    return outcome


def record_errors(trainee):
    """The rules on a trainee's related records and stage, for Trainee.clean():
    {field: ValidationError}, empty when nothing is wrong."""
    checks = []
    if trainee.home_institution_id:
        checks.append(("home_institution", clean_home_institution, trainee.home_institution))
    if trainee.host_organisation_id:
        checks.append(("host_organisation", clean_host_organisation, trainee.host_organisation))
    errors = {}
    for name, clean, value in checks:
        try:
            clean(value)
        except ValidationError as error:
            errors[name] = error
    if trainee.outcome:
        try:
            cohort = trainee.cohort if trainee.cohort_id else None
            clean_outcome(trainee.outcome, stage=trainee.stage, cohort=cohort)
        except ValidationError as error:
            errors["outcome"] = error
    return errors
