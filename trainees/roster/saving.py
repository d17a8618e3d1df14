"""Saving a checked roster: every row at once, through trainees.services."""

from django.utils.translation import gettext as _

from trainees import services
from trainees.models import Trainee


def save(result, cohort, user):
    """Save every row of a clean result in one transaction, through the same service as the
    trainee form; return how many."""
    created = services.register_trainees(
        cohort=cohort,
        trainees=[
            Trainee(
                full_name=row["full_name"],
                nisn=row["nisn"],
                sex=row["sex"],
                birth_date=row["birth_date"],
                home_institution=row["home_institution"],
                language_level=row["language_level"],
                occupation=row["occupation"],
                stage=row["stage"],
                stage_since=row["stage_date"],
                departed_on=row["departed_on"],
                returned_on=row["returned_on"],
            )
            for row in result.rows
        ],
        user=user,
        note=_("imported from a roster file"),
        validate=False,  # check() has checked every cell; the stage rules run again
    )
    return len(created)
