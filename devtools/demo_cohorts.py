"""Demo cohorts from the seed articles, with invented, clearly fictional trainees.

- Kelas Industri Jepang, Bengkulu (seed 001): 28 candidates from the six SMKs of the
  association, trained with LPK Mulia Mandiri Abadi and Gaia Internasional, launched on
  12 July 2025.
- BLK alumni sent to Japan through JOE Cooperative in 2022 (seed 003): 160 participants.

Every trainee's surname is "Fiktif"; no NISN is given, so none can collide with a real one.
What happened after the articles (selection results, departures, returns) is invented too, and
every cohort is marked as demo data.
"""

import datetime
import itertools
from collections import defaultdict

from partnerships.models import Agreement, Organisation, Programme
from trainees import services
from trainees.models import Cohort, Stage, Trainee

D = datetime.date
S = Stage
GIVEN_NAMES = [
    "Ayu", "Bima", "Citra", "Dimas", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko",
    "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizki", "Sari", "Taufik", "Umi",
    "Vina", "Wahyu", "Yuni", "Zaki",
]  # fmt: skip


def _names(count):
    names = itertools.cycle(GIVEN_NAMES)
    return [f"{next(names)} Fiktif {index:03d}" for index in range(1, count + 1)]


def _cohort(slug, name, programme, agreement_number, partners, **fields):
    institution = Organisation.objects.get(slug=slug)
    cohort = Cohort.objects.filter(name=name, institution=institution).first() or Cohort(
        name=name, institution=institution
    )
    cohort.programme = Programme.objects.get(code=programme)
    cohort.is_demo = True
    for key, value in fields.items():
        setattr(cohort, key, value)
    cohort.full_clean()
    cohort.save()
    cohort.partners.set(Organisation.objects.filter(slug__in=partners))
    cohort.agreements.set(Agreement.objects.filter(number=agreement_number))
    return cohort


def _trainees(cohort, people):
    """people: [(name, sex, birth date, home institution, language, occupation, steps)] where
    steps are [(stage, date)] from registration on. Registered at the first step, then moved
    step by step through trainees.services, so the invented timelines obey the stage rules."""
    if cohort.trainees.exists():
        return  # loaded before: the demo does not pile up
    note = "data demo"
    created = services.register_trainees(
        cohort=cohort,
        trainees=[
            Trainee(
                full_name=name,
                sex=sex,
                birth_date=birth,
                home_institution=home,
                language_level=language,
                occupation=occupation,
                stage=steps[0][0],
                stage_since=steps[0][1],
            )
            for name, sex, birth, home, language, occupation, steps in people
        ],
        note=note,
    )
    # The later steps, in order; trainees who make the same move on the same day move together.
    longest = max(len(person[-1]) for person in people)
    for index in range(1, longest):
        moves = defaultdict(list)
        for trainee, person in zip(created, people, strict=True):
            if index < len(person[-1]):
                moves[person[-1][index]].append(trainee.pk)
        for (stage, date), ids in moves.items():
            services.move_trainees(
                cohort=cohort, trainee_ids=ids, stage=stage, date=date, note=note
            )


def load_cohorts():
    bengkulu = _cohort(
        "asosiasi-smk-bengkulu-magang-jepang",
        "Kelas Industri Jepang Bengkulu",
        "industry-class",
        "DEMO/SMK-BENGKULU-LPK/2025",
        ["lpk-mulia-mandiri-abadi", "gaia-internasional"],
        intake_year=2025,
        start_date=D(2025, 7, 12),
        planned_size=28,
        target_departure=D(2026, 10, 1),
    )
    # The candidates come from the association's member schools.
    schools = list(bengkulu.institution.members.order_by("slug"))
    _trainees(
        bengkulu,
        [
            (
                name,
                "F" if index % 2 else "M",
                D(2007, 1 + index % 12, 1 + index % 27),
                schools[index % len(schools)],
                "N5" if index % 3 == 0 else "",
                ["pengelasan", "otomotif", "perhotelan", "pertanian"][index % 4],
                [(S.REGISTERED, D(2025, 7, 9)), (S.IN_TRAINING, D(2025, 7, 12))],
            )
            for index, name in enumerate(_names(28))
        ],
    )

    joe = _cohort(
        "bbpvp-bekasi",
        "Alumni BLK ke Jepang melalui JOE Cooperative 2022",
        "technical-intern",
        "DEMO/KEMNAKER-JOE-AP2LN/2022",
        ["joe-cooperative", "ap2ln"],
        intake_year=2022,
        start_date=D(2022, 6, 1),
        planned_size=160,
        target_departure=D(2023, 3, 1),
    )
    people = []
    for index, name in enumerate(_names(160)):
        steps = [
            (S.REGISTERED, D(2022, 6, 1)),
            (S.IN_TRAINING, D(2022, 7, 1)),
            (S.SELECTION, D(2022, 10, 1)),
        ]
        if index < 6:  # invented: six did not pass and withdrew
            steps += [(S.NOT_PASSED, D(2022, 10, 15)), (S.WITHDRAWN, D(2022, 11, 1))]
        else:
            steps += [
                (S.PASSED, D(2022, 10, 15)),
                (S.PRE_DEPARTURE, D(2022, 12, 1)),
                (S.DEPARTED, D(2023, 3, 1)),
                (S.IN_JAPAN, D(2023, 3, 2)),
            ]
            if index < 26:  # invented: twenty back after three years
                steps.append((S.RETURNED, D(2026, 3, 2)))
        people.append(
            (
                name,
                "M" if index % 3 else "F",
                D(1999 + index % 5, 1 + index % 12, 1 + index % 27),
                joe.institution,
                "N4" if index % 2 else "N5",
                ["pengelasan", "pengolahan makanan", "konstruksi", "perawatan lansia"][index % 4],
                steps,
            )
        )
    _trainees(joe, people)
