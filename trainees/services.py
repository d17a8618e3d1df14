"""Writes that touch several trainee records: registering trainees and moving their stages.

The stage rules live in trainees.models (NEXT_STAGES, allowed_moves, check_move); these
functions apply them. The trainee forms, the roster import, the admin and the demo all come
through here, so a trainee can never reach a stage, or a departure or return date, that a move
could not give them. Every function takes keyword arguments only and runs in one transaction.
"""

import datetime
import functools
from collections import Counter
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from trainees import audit, partners
from trainees.models import (
    FINAL_STAGES,
    Cohort,
    Stage,
    StageChange,
    Trainee,
    allowed_moves,
    check_move,
)

S = Stage
# Stages that lie after the departure to Japan: a trainee there has a departure date.
AFTER_DEPARTURE = {S.DEPARTED, S.IN_JAPAN, S.RETURNED}


@functools.cache
def reachable_stages(domestic):
    """The stages a newly registered trainee can reach by allowed moves."""
    seen, queue = [S.REGISTERED], [S.REGISTERED]
    while queue:
        for stage in allowed_moves(queue.pop(0), domestic=domestic):
            if stage not in seen:
                seen.append(stage)
                queue.append(stage)
    return frozenset(seen)


def entry_dates(*, stage, since=None, departed_on=None, returned_on=None, today=None):
    """(since, departed_on, returned_on) of a trainee registered directly at `stage`, with the
    dates a move would have given: a trainee at "departed" left on its stage date, one at
    "returned" came back on it; the stage date is today unless given."""
    if stage == S.DEPARTED:
        since = since or departed_on
    elif stage == S.RETURNED:
        since = since or returned_on
    since = since or today or timezone.localdate()
    if stage == S.DEPARTED:
        departed_on = departed_on or since
    elif stage == S.RETURNED:
        returned_on = returned_on or since
    return since, departed_on, returned_on


def entry_problems(*, stage, since=None, departed_on=None, returned_on=None, domestic, today=None):
    """What is wrong with registering a trainee directly at `stage` (as a roster import does
    for trainees who are further along): {field: message}, empty when nothing is. Fields are
    "stage", "stage_date", "departed_on" and "returned_on".

    The same rules as the moves: the stage must be reachable under the cohort's programme, no
    date lies in the future or runs backwards, and a trainee who went to Japan has the
    departure (and return) date that moves to "departed" (and "returned") would have set."""
    today = today or timezone.localdate()
    if stage not in Stage.values:
        return {"stage": _("Unknown stage “%(stage)s”.") % {"stage": stage}}
    label = Stage(stage).label
    if stage not in reachable_stages(domestic):
        return {
            "stage": _(
                "“%(stage)s” is not a stage of a domestic programme: its trainees do not go "
                "to Japan."
            )
            % {"stage": label}
        }
    given_since = since
    since, departed_on, returned_on = entry_dates(
        stage=stage, since=since, departed_on=departed_on, returned_on=returned_on, today=today
    )
    problems = {}

    def problem(field, message):
        problems.setdefault(field, message)

    for field, value in (
        ("stage_date", since),
        ("departed_on", departed_on),
        ("returned_on", returned_on),
    ):
        if value and value > today:
            problem(field, _("The date %(date)s is in the future.") % {"date": value})
    if stage in AFTER_DEPARTURE and not departed_on:
        problem(
            "departed_on",
            _("A trainee at “%(stage)s” has left for Japan: give the departure date.")
            % {"stage": label},
        )
    if stage not in AFTER_DEPARTURE and stage != S.WITHDRAWN:
        for field, value in (("departed_on", departed_on), ("returned_on", returned_on)):
            if value:
                problem(
                    field,
                    _(
                        "A trainee at “%(stage)s” has not left for Japan: leave the departure "
                        "and return dates empty."
                    )
                    % {"stage": label},
                )
    if stage in (S.DEPARTED, S.IN_JAPAN) and returned_on:
        problem(
            "returned_on",
            _("A trainee at “%(stage)s” has not come back yet: leave the return date empty.")
            % {"stage": label},
        )
    if stage == S.DEPARTED and given_since and departed_on != since:
        problem(
            "stage_date",
            _("For “%(stage)s” the stage date is the departure date.") % {"stage": label},
        )
    if stage == S.RETURNED and given_since and returned_on != since:
        problem(
            "stage_date", _("For “%(stage)s” the stage date is the return date.") % {"stage": label}
        )
    if returned_on and not departed_on:
        problem("departed_on", _("A return needs the departure date before it."))
    if returned_on and departed_on and returned_on < departed_on:
        problem("returned_on", _("The return cannot come before the departure."))
    for value in (departed_on, returned_on):
        if value and value > since and not problems:
            problem(
                "stage_date",
                _("The stage date %(since)s comes before %(date)s: dates never run backwards.")
                % {"since": since, "date": value},
            )
    return problems


def _entry_timeline(trainee):
    """The steps a trainee registered at their current stage starts with: the departure and the
    return (when they lie before the current stage) and the current stage itself."""
    steps = []
    if trainee.departed_on and trainee.stage != S.DEPARTED:
        steps.append((S.DEPARTED, trainee.departed_on))
    if trainee.returned_on and trainee.stage != S.RETURNED:
        steps.append((S.RETURNED, trainee.returned_on))
    steps.append((trainee.stage, trainee.stage_since))
    return steps


@transaction.atomic
def register_trainees(
    *, cohort: Cohort, trainees: Sequence[Trainee], user=None, note="", validate=True
):
    """Register new trainees of `cohort`, each with the first steps of their timeline.

    A trainee arrives at `stage` (registered unless set) since `stage_since` (today unless
    set); a departure or return date is set by the stage as a move would set it. The stage
    and its dates are always checked against the rules (entry_problems); the fields are checked
    too unless `validate=False` (the roster import has checked every cell already, in bulk).
    One invalid trainee saves nothing. Uniqueness of the NISN is left to the database and to
    the caller's form. Returns the saved trainees."""
    today = timezone.localdate()
    domestic = cohort.is_domestic
    errors = []
    for trainee in trainees:
        trainee.cohort = cohort
        trainee.stage = trainee.stage or S.REGISTERED
        entry = {
            "stage": trainee.stage,
            "since": trainee.stage_since,
            "departed_on": trainee.departed_on,
            "returned_on": trainee.returned_on,
        }
        problems = entry_problems(**entry, domestic=domestic, today=today)
        trainee.stage_since, trainee.departed_on, trainee.returned_on = entry_dates(
            **entry, today=today
        )
        if validate:
            try:
                trainee.full_clean(
                    exclude=["cohort"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                problems.update({k: " ".join(v) for k, v in error.message_dict.items()})
        if problems:
            errors.append((trainee, problems))
    if errors:
        if len(trainees) == 1:
            raise ValidationError(errors[0][1])
        raise ValidationError(
            [
                f"{trainee.full_name}: {' '.join(problems.values())}"
                for trainee, problems in errors[:10]
            ]
        )
    created = bulk_create_with_history(list(trainees), Trainee, batch_size=1000, default_user=user)
    StageChange.objects.bulk_create(
        [
            StageChange(trainee=trainee, stage=stage, date=date, note=note, recorded_by=user)
            for trainee in created
            for stage, date in _entry_timeline(trainee)
        ],
        batch_size=2000,
    )
    return created


class MoveRefused(ValidationError):
    """Some of the trainees cannot make the move: nothing was saved. `failures` lists
    (trainee, message) pairs."""

    def __init__(self, failures):
        self.failures = failures
        super().__init__([f"{trainee.full_name}: {message}" for trainee, message in failures])


@transaction.atomic
def move_trainees(
    *,
    cohort: Cohort,
    trainee_ids: Iterable[int],
    stage: str,
    date: datetime.date,
    note: str = "",
    user=None,
    partner=None,
):
    """Move the given trainees of `cohort` to `stage` on `date`: all or nothing.

    Ids of other cohorts' trainees are ignored. The rows are locked once, checked against the
    stage rules (check_move), then written in bulk with their history and timeline steps: the
    number of queries does not grow with the number of trainees. Raises MoveRefused naming
    every trainee who cannot make the move. Returns the moved trainees.

    `partner`, when given, is the cohort's partner on whose behalf `user` records the move
    (trainees.partners): besides the stage rules, the partner must be named on the cohort, the
    stage one its kind records, and the trainee one it may move (a Japanese partner the
    trainees it hosts). Whether `user` works for the partner is the view's check."""
    trainees = list(
        Trainee.objects.filter(cohort=cohort, pk__in=list(trainee_ids))
        .select_for_update(of=("self",))
        .order_by("full_name", "pk")
    )
    refusal = _partner_refusal(cohort, partner, stage) if partner is not None else None
    failures = []
    for trainee in trainees:
        trainee.cohort = cohort  # check_move reads the programme; no query per trainee
        if refusal:
            failures.append((trainee, refusal))
            continue
        if partner is not None and not partners.may_move(partner, trainee):
            failures.append((trainee, _not_hosted(partner)))
            continue
        try:
            check_move(trainee, stage, date)
        except ValidationError as error:
            failures.append((trainee, " ".join(error.messages)))
    if failures:
        raise MoveRefused(failures)
    if not trainees:
        return []
    now = timezone.now()
    for trainee in trainees:
        trainee.stage, trainee.stage_since = stage, date
        if stage == S.DEPARTED:
            trainee.departed_on = date
        if stage == S.RETURNED:
            trainee.returned_on = date
        trainee.version += 1  # an edit form opened before the move is refused as stale
        trainee.updated_at = now
    bulk_update_with_history(
        trainees,
        Trainee,
        ["stage", "stage_since", "departed_on", "returned_on", "version", "updated_at"],
        default_user=user,
        default_date=now,
    )
    StageChange.objects.bulk_create(
        [
            StageChange(
                trainee=trainee,
                stage=stage,
                date=date,
                note=note,
                recorded_by=user,
                partner=partner,
            )
            for trainee in trainees
        ]
    )
    return trainees


def _partner_refusal(cohort, partner, stage):
    """Why `partner` may not record a move of the cohort's trainees to `stage`, or None."""
    if (
        partner.kind not in partners.PARTNER_STAGES
        or not cohort.partners.filter(pk=partner.pk).exists()
    ):
        return _(
            "%(partner)s is not a partner of this cohort that records its trainees' stages."
        ) % {"partner": partner.name}
    if stage not in partners.PARTNER_STAGES[partner.kind]:
        if partner.kind == partners.KIND.JAPANESE_PARTNER:
            message = _(
                "A Japanese partner records only the arrival in Japan and the return of the "
                "trainees it hosts (%(stages)s); the institution records the other stages."
            )
        else:
            message = _(
                "A training centre records only the training and selection stages "
                "(%(stages)s); the institution records the other stages."
            )
        return message % {"stages": partners.recordable_labels(partner)}
    return None


def _not_hosted(partner):
    return _(
        "%(partner)s records only the trainees it hosts in Japan, and this trainee is not one "
        "of them."
    ) % {"partner": partner.name}


def move_trainee(
    *, trainee: Trainee, stage: str, date: datetime.date, note="", user=None, partner=None
):
    """Move one trainee (the trainee page's "record the next stage"), for `partner` if given."""
    try:
        (moved,) = move_trainees(
            cohort=trainee.cohort,
            trainee_ids=[trainee.pk],
            stage=stage,
            date=date,
            note=note,
            user=user,
            partner=partner,
        )
    except MoveRefused as refused:
        raise ValidationError(refused.failures[0][1]) from None
    return moved


# How long a trainee's record is kept after they leave the programme (the privacy notice).
RETENTION_YEARS = 5


def retention_cutoff(today=None):
    """The day RETENTION_YEARS before `today` (28 February for 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def expired_trainees(*, today=None):
    """The trainees whose record the privacy notice says is deleted: they are at a final stage
    (returned from Japan, completed a domestic programme, withdrew) and nothing changed on their
    record for RETENTION_YEARS.

    Decided by stage and age alone: a trainee in training, departed, in Japan or at any other
    stage that is not final is never deleted, whatever else their record says (an outcome, old
    dates). An outcome exists only at a final stage anyway (trainee_outcome_at_final_stage)."""
    cutoff = retention_cutoff(today)
    return Trainee.objects.filter(
        stage__in=FINAL_STAGES, stage_since__lt=cutoff, updated_at__date__lt=cutoff
    )


@transaction.atomic
def purge_expired_trainees(*, today=None) -> int:
    """Delete the expired trainees (expired_trainees), with their stage changes and every
    historical copy of their record, since those hold the same personal data; write in the
    access log, per cohort and stage, how many went and why. Returns how many were deleted."""
    cutoff = retention_cutoff(today)
    rows = list(
        expired_trainees(today=today)
        .select_for_update(of=("self",))
        .values_list("pk", "cohort_id", "cohort__institution_id", "stage")
    )
    ids = [pk for pk, *_rest in rows]
    for chunk in range(0, len(ids), 1000):
        part = ids[chunk : chunk + 1000]
        StageChange.objects.filter(trainee__in=part).delete()
        Trainee.objects.filter(pk__in=part).delete()
        # Last: deleting a trainee writes one more historical copy (the "-" record).
        Trainee.history.filter(id__in=part).delete()
    groups = Counter((cohort, institution, stage) for _pk, cohort, institution, stage in rows)
    audit.record_purge(groups, cutoff=cutoff)
    return len(ids)
