"""Trainees and their stage timelines (trainees_trainee, its history, and
trainees_stagechange): walk() draws each trainee's allowed moves from registration on; the
arrival in Japan and the return are recorded for the trainee's Japanese host.
"""

from collections import Counter

from devtools.bulk.base import Table
from portal.disclosure import KEY_SPACE
from trainees.models import Stage, StageChange, Trainee

OCCUPATIONS_JAPAN = (
    "pengelasan", "perawatan lansia (kaigo)", "pengolahan makanan", "konstruksi", "pertanian",
    "perikanan", "pengecoran logam", "otomotif", "tekstil", "pembersihan gedung", "pengecatan",
)  # fmt: skip
OCCUPATIONS_DOMESTIC = (
    "manufaktur", "otomotif", "perhotelan", "tata boga", "teknik listrik", "teknologi informasi",
)  # fmt: skip
WITHDRAWAL_NOTES = (
    "mengundurkan diri", "alasan keluarga", "sakit", "diterima bekerja di dalam negeri", "",
)  # fmt: skip

# Plain strings: psycopg would write an Enum member's name, not its value.
S = {stage.name: stage.value for stage in Stage}
REGISTERED, IN_TRAINING, SELECTION = S["REGISTERED"], S["IN_TRAINING"], S["SELECTION"]
PASSED, NOT_PASSED, PRE_DEPARTURE = S["PASSED"], S["NOT_PASSED"], S["PRE_DEPARTURE"]
DEPARTED, IN_JAPAN, RETURNED, WITHDRAWN = (
    S["DEPARTED"],
    S["IN_JAPAN"],
    S["RETURNED"],
    S["WITHDRAWN"],
)
COMPLETED = S["COMPLETED"]


class TraineesMixin:
    """trainees(), a chunk of rows at a time."""

    def trainees(self, chunk=20_000):
        trainee_table = Table(
            Trainee,
            [
                "id",
                "cohort_id",
                "full_name",
                "nisn",
                "sex",
                "birth_date",
                "home_institution_id",
                "language_level",
                "occupation",
                "host_organisation_id",
                "prefecture_id",
                "outcome",
                "stage",
                "stage_since",
                "departed_on",
                "returned_on",
                "record_key",
                "created_at",
                "updated_at",
            ],
            now=self.now,
            history_date="created_at",
        )
        change_table = Table(
            StageChange,
            ["id", "trainee_id", "stage", "date", "note", "recorded_at", "partner_id"],
            now=self.now,
        )
        self.taken_nisn = set(Trainee.objects.exclude(nisn=None).values_list("nisn", flat=True))
        self.nisn_serials = Counter()
        trainees, changes = [], []
        for plan in self.cohort_plan:
            self.cohort_trainees(plan, trainees, changes)
            if len(trainees) >= chunk:
                self.write(trainee_table, trainees)
                self.write(change_table, changes)
                trainees, changes = [], []
        self.write(trainee_table, trainees)
        self.write(change_table, changes)
        del self.cohort_plan

    def nisn(self, birth_year):
        while True:
            self.nisn_serials[birth_year] += 1
            serial = (self.nisn_serials[birth_year] * 7919 + birth_year) % 10_000_000
            value = f"{birth_year % 1000:03d}{serial:07d}"
            if value not in self.taken_nisn:
                return value

    def cohort_trainees(self, plan, trainees, changes):
        rng, today = self.rng, self.today.toordinal()
        pk, institution, programme, domestic, start, hosts, size = plan
        start = start.toordinal()
        kind = self.org[institution][0]
        homes = [institution]
        if kind == "association":
            homes = self.members[institution]
        elif kind == "training_centre":
            nearby = self.by_province["smk"].get(self.org[institution][2], ())
            homes = [institution] * 2 + rng.sample(nearby, min(3, len(nearby)))
        adults = kind == "training_centre"
        code = self.programme_code[programme]
        japan_years = (5,) if code == "specified-skilled-worker" else (1, 3, 3, 3, 3, 5)
        occupations = OCCUPATIONS_DOMESTIC if domestic else OCCUPATIONS_JAPAN
        trainee_ids = self.next_ids(Trainee, size)
        change_id = self.next_id[StageChange]
        for trainee in trainee_ids:
            sex = "M" if rng.random() < 0.6 else "F"
            age = rng.randint(19 * 365, 27 * 365) if adults else rng.randint(5700, 6750)
            birth = self.date(start - age)
            registered = min(start - int(rng.random() * 45), today)
            steps = walk(rng, registered, start, domestic, today, rng.choice(japan_years))
            stage, since = steps[-1]
            departed = returned = None
            for step, day in steps:
                if step == DEPARTED:
                    departed = self.date(day)
                elif step == RETURNED:
                    returned = self.date(day)
            host = prefecture = None
            if departed and hosts:
                host = rng.choice(hosts)
                prefecture = self.org[host][4]
            outcome = ""
            if stage == COMPLETED and since < today - 60:
                outcome = rng.choices(
                    ("placed", "entrepreneur", "study", "not_working", ""), (54, 6, 10, 20, 10)
                )[0]
            language = ""
            if not domestic and len(steps) > 3:
                language = rng.choice(
                    ("N4", "N4", "N3", "N5", "JFT")
                    if code == "specified-skilled-worker"
                    else ("N4", "N4", "N3", "N5")
                )
            elif not domestic and len(steps) > 1 and rng.random() < 0.5:
                language = "N5"
            nisn = None
            if rng.random() < 0.9:
                nisn = self.nisn(birth.year)
            created = self.moment(registered)
            trainees.append(
                (
                    trainee,
                    pk,
                    self.person_name(sex),
                    nisn,
                    sex,
                    birth,
                    rng.choice(homes),
                    language,
                    rng.choice(occupations),
                    host,
                    prefecture,
                    outcome,
                    stage,
                    self.date(since),
                    departed,
                    returned,
                    rng.randrange(KEY_SPACE),
                    created,
                    self.moment(since),
                )
            )
            for step, day in steps:
                note = ""
                if step == WITHDRAWN:
                    note = rng.choice(WITHDRAWAL_NOTES)
                # The Japanese host confirms arrival and return (trainees/partners.py): the
                # partners' rows of the workspace's "recent partner updates".
                partner = host if step in (IN_JAPAN, RETURNED) else None
                changes.append(
                    (change_id, trainee, step, self.date(day), note, self.moment(day), partner)
                )
                change_id += 1
        self.next_id[StageChange] = change_id


def walk(rng, registered, start, domestic, today, japan_years):
    """A trainee's steps [(stage, date ordinal)] from registration on: each an allowed move
    (trainees.models.NEXT_STAGES; domestic programmes end with "completed"), in date
    order, none after today."""
    steps = [(REGISTERED, registered)]
    stage, day = REGISTERED, registered
    while stage not in (RETURNED, COMPLETED, WITHDRAWN):
        quit_chance = 0.0
        if stage == REGISTERED:
            if rng.random() < 0.04:
                break  # waits for a later intake
            following, later, quit_chance = IN_TRAINING, max(day, start), 0.03
        elif stage == IN_TRAINING:
            following, later, quit_chance = SELECTION, day + 90 + int(rng.random() * 120), 0.04
        elif stage == SELECTION:
            following = PASSED if rng.random() < 0.75 else NOT_PASSED
            later, quit_chance = day + 7 + int(rng.random() * 24), 0.02
        elif stage == NOT_PASSED:
            chance = rng.random()
            if chance < 0.5:
                following, later = SELECTION, day + 60 + int(rng.random() * 90)
            elif chance < 0.75:
                following, later = WITHDRAWN, day + 7 + int(rng.random() * 50)
            else:
                break  # waits for the next selection
        elif stage == PASSED:
            if domestic:  # training is over: the outcome follows the completion
                following, later = COMPLETED, day + 14 + int(rng.random() * 60)
            else:
                following, later = PRE_DEPARTURE, day + 14 + int(rng.random() * 47)
                quit_chance = 0.03
        elif stage == PRE_DEPARTURE:
            following, later, quit_chance = DEPARTED, day + 60 + int(rng.random() * 120), 0.02
        elif stage == DEPARTED:
            following, later, quit_chance = IN_JAPAN, day + 1 + int(rng.random() * 3), 0.005
        else:  # in Japan
            following = RETURNED
            later = day + japan_years * 365 + int(rng.random() * 61) - 30
            quit_chance = 0.02
        if quit_chance and rng.random() < quit_chance:
            following, later = WITHDRAWN, day + 1 + int(rng.random() * 60)
        if later > today:
            break
        stage, day = following, later
        steps.append((stage, day))
    return steps
