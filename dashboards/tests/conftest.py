"""Fixtures of the portal's tests."""

import datetime
import random
from types import SimpleNamespace

import pytest

from partnerships.models import Figure, Programme, Source
from portal import disclosure
from portal.models import Province
from trainees.models import Stage, Trainee

D = datetime.date


def set_trainees(trainees, **fields):
    Trainee.objects.filter(pk__in=[t.pk for t in trainees]).update(**fields)


def seed_record_keys(seed):
    """Give every trainee a record key from random.Random(seed), in the order they were made:
    the protected counts of a test's data are then the same on every run. (The portal draws
    them with `secrets`; any draw protects as well, a seeded one can be checked by hand.)"""
    rng = random.Random(seed)
    trainees = list(Trainee.objects.order_by("pk").only("pk"))
    for trainee in trainees:
        trainee.record_key = rng.randrange(disclosure.KEY_SPACE)
    Trainee.objects.bulk_update(trainees, ["record_key"], batch_size=2000)


@pytest.fixture
def known(db, bengkulu, organisation_factory, agreement_factory, cohort_factory, trainee_factory):
    """Two Bengkulu schools, a Banten training centre and a Japanese partner; five agreements,
    three cohorts and 29 trainees whose every total is worked out by hand in the tests."""
    banten = Province.objects.get(code="36")
    school_a = organisation_factory(name="SMK Alfa", province=bengkulu)
    school_b = organisation_factory(name="SMK Beta", province=bengkulu)
    centre = organisation_factory(training_centre=True, name="LPK Gamma", province=banten)
    japan = organisation_factory(japanese=True, name="Delta Kyodo Kumiai")
    intern = Programme.objects.get(code="technical-intern")
    industry = Programme.objects.get(code="industry-class")
    domestic = Programme.objects.get(code="domestic-placement")

    def agreement(parties, programmes, **dates):
        made = agreement_factory(parties=parties, **dates)
        made.programmes.set(programmes)
        return made

    a1 = agreement([school_a, japan], [intern], signed_on=D(2022, 3, 1), expires_on=D(2028, 1, 1))
    a2 = agreement(
        [school_a, centre], [industry], signed_on=D(2024, 5, 1), expires_on=D(2026, 7, 1)
    )  # expiring: 30 days after TODAY
    a3 = agreement(
        [school_b, japan],
        [intern, industry],
        signed_on=D(2024, 8, 1),
        expires_on=D(2025, 12, 31),
    )  # expired
    a4 = agreement([centre, japan], [intern], signed_on=D(2023, 1, 1))  # Banten only
    a5 = agreement([school_a, school_b], [], signed_on=None)  # a draft

    c1 = cohort_factory(institution=school_a, programme=intern, intake_year=2022)
    c1.partners.set([centre, japan])
    first = [trainee_factory(cohort=c1) for _ in range(12)]
    set_trainees(first[:4], stage=Stage.IN_JAPAN, departed_on=D(2023, 3, 1))
    set_trainees(
        first[4:6], stage=Stage.RETURNED, departed_on=D(2023, 3, 1), returned_on=D(2026, 3, 1)
    )
    set_trainees(first[6:9], stage=Stage.PRE_DEPARTURE)
    set_trainees(first[9:], stage=Stage.WITHDRAWN)

    c2 = cohort_factory(institution=school_b, programme=domestic, intake_year=2024)
    second = [trainee_factory(cohort=c2) for _ in range(10)]
    set_trainees(second, stage=Stage.IN_TRAINING)
    set_trainees(second[:8], stage=Stage.COMPLETED)  # an outcome needs a final stage
    set_trainees(second[:6], outcome=Trainee.Outcome.PLACED)
    set_trainees(second[6:8], outcome=Trainee.Outcome.ENTREPRENEUR)

    c3 = cohort_factory(institution=centre, programme=intern, intake_year=2023)
    c3.partners.set([japan])
    third = [trainee_factory(cohort=c3) for _ in range(7)]
    set_trainees(third, stage=Stage.IN_JAPAN, departed_on=D(2024, 2, 1))

    source = Source.objects.create(
        title="Berita contoh", publisher="Contoh", published_on=D(2025, 7, 11)
    )
    Figure.objects.create(
        organisation=school_b,
        metric=Figure.Metric.CANDIDATES_IN_TRAINING,
        value=12,
        unit=Figure.Unit.PEOPLE,
        as_of=D(2025, 7, 11),
        source=source,
    )
    Figure.objects.create(
        organisation=japan,
        metric=Figure.Metric.PARTICIPANTS_SENT,
        value=160,
        unit=Figure.Unit.PEOPLE,
        as_of=D(2024, 12, 31),
        source=source,
    )
    seed_record_keys(2026)
    return SimpleNamespace(
        bengkulu=bengkulu,
        banten=banten,
        school_a=school_a,
        school_b=school_b,
        centre=centre,
        japan=japan,
        agreements=[a1, a2, a3, a4, a5],
        intern=intern,
    )
