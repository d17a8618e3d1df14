"""What the partners named on a cohort may record of its trainees' way, and nothing else.

A training centre that trains the cohort records the training and selection progress of its
trainees (into training, selection, passed or not passed); a Japanese partner confirms the
arrival in Japan and the return of the trainees it hosts. Registering, editing, the departure,
a withdrawal or an outcome stay with the institution that runs the cohort. A partner's move goes
through the same service and stage rules as the institution's (trainees.services.move_trainees),
is recorded with who made it and for which partner (StageChange.partner), and shows in the
trainee's history and on the workspace of the institution's heads. Until now this travelled by
WhatsApp and Excel.
"""

from partnerships.models import Organisation
from portal.access import INSTITUTION_ROLES, access_for
from trainees.models import Stage, allowed_moves

S = Stage
KIND = Organisation.Kind
# The stages each kind of partner may record a trainee moving into.
PARTNER_STAGES = {
    KIND.TRAINING_CENTRE: frozenset({S.IN_TRAINING, S.SELECTION, S.PASSED, S.NOT_PASSED}),
    KIND.JAPANESE_PARTNER: frozenset({S.IN_JAPAN, S.RETURNED}),
}


def recordable_labels(partner):
    """The stages `partner`'s kind records, in words and in the stages' order: "In training,
    Selection, Passed, Not passed"."""
    allowed = PARTNER_STAGES.get(partner.kind, frozenset())
    return ", ".join(str(stage.label) for stage in Stage if stage in allowed)


def partners_of(user, cohort):
    """The cohort's partners (training centres and Japanese partners) for which `user` works, as
    head or staff: the ones on whose behalf they may record moves."""
    ids = access_for(user).organisation_ids(INSTITUTION_ROLES)
    if not ids:
        return []
    return list(
        cohort.partners.filter(pk__in=ids, kind__in=list(PARTNER_STAGES))
        .order_by("name")
        .only("pk", "name", "name_ja", "kind")
    )


def may_move(partner, trainee):
    """Whether `partner` may record moves of `trainee` at all: a training centre every trainee
    of the cohort it trains, a Japanese partner the trainees it hosts."""
    if partner.kind == KIND.JAPANESE_PARTNER:
        return trainee.host_organisation_id == partner.pk
    return partner.kind in PARTNER_STAGES


def stages_for(partner, trainee):
    """The stages `partner` may record `trainee` moving into now: the allowed moves from the
    trainee's stage that the partner's kind may record."""
    if not may_move(partner, trainee):
        return []
    allowed = allowed_moves(trainee.stage, domestic=trainee.cohort.is_domestic)
    return [stage for stage in allowed if stage in PARTNER_STAGES[partner.kind]]


def partner_moves(user, trainee, mine=None):
    """(partner, stages) for the trainee page: the first of the user's partner organisations
    (`mine`, partners_of's answer when the caller has it) that may record a move of this
    trainee now, with those stages; (None, []) otherwise."""
    for partner in partners_of(user, trainee.cohort) if mine is None else mine:
        stages = stages_for(partner, trainee)
        if stages:
            return partner, stages
    return None, []
