"""Cohorts: who runs them, for which programme and agreement, and with whom (trainees_cohort, its
history, and the cohorts' partners and agreements).

Sets `cohort_plan` (what trainees.py fills each cohort with) and `cohorts_run` (institution id ->
cohorts: accounts.py gives heads to those that run the most).
"""

import datetime
import itertools
from collections import Counter

from devtools.bulk.base import Table
from trainees.models import Cohort

PROGRAMME_WEIGHTS = {
    "technical-intern": 35,
    "specified-skilled-worker": 15,
    "industry-class": 20,
    "language-training": 8,
    "domestic-placement": 17,
    "other": 5,
}
COHORT_NAMES = {
    "industry-class": "Kelas Industri Jepang Angkatan {n}",
    "technical-intern": "Magang Jepang Angkatan {n}",
    "specified-skilled-worker": "SSW Tokutei Ginou Angkatan {n}",
    "language-training": "Pelatihan Bahasa Jepang Gelombang {n}",
    "domestic-placement": "Penempatan Kerja Dalam Negeri Angkatan {n}",
}


class CohortsMixin:
    """add_cohort_source(), as the agreements are made, then cohorts()."""

    def add_cohort_source(self, agreement, party_ids, programmes, year):
        institutions = [o for o in party_ids if self.org[o][0] in ("school", "training_centre")]
        institutions += [o for o in party_ids if o in self.running_associations]
        if not institutions:
            return
        institution = institutions[0]
        partners = [
            o
            for o in party_ids
            if o != institution and self.org[o][0] in ("training_centre", "japanese_partner")
        ]
        self.cohort_sources.append((agreement, institution, partners, programmes, year))

    def cohorts(self):
        rng, today = self.rng, self.today
        count = self.count("cohorts")
        years = list(range(2015, today.year + 1))
        year_weights = list(itertools.accumulate(y - 2013 for y in years))
        codes = [(pk, PROGRAMME_WEIGHTS.get(code, 3)) for pk, code, _ in self.programmes]
        programme_weights = list(itertools.accumulate(w for _, w in codes))
        rows, partner_rows, agreement_rows = [], [], []
        self.cohort_plan = []  # (id, institution, programme, domestic, start, hosts, size)
        self.cohorts_run = Counter()
        serials = Counter()
        sizes = [rng.randint(8, 52) for _ in range(count)]
        target = self.count("trainees")
        sizes = [max(1, round(s * target / sum(sizes))) for s in sizes]
        for index in itertools.cycle(range(count)):  # round off to exactly `target`
            difference = target - sum(sizes)
            if difference == 0 or (difference < 0 and max(sizes) == 1):
                break
            if difference > 0 or sizes[index] > 1:
                sizes[index] += 1 if difference > 0 else -1
        for pk, size in zip(self.next_ids(Cohort, count), sizes, strict=True):
            agreement = None
            if self.cohort_sources and rng.random() < 0.75:
                agreement, institution, partners, programmes, signed_year = rng.choice(
                    self.cohort_sources
                )
                programme = rng.choice(programmes)
                year = rng.randint(max(2015, min(signed_year, today.year)), today.year)
                partners = list(partners)
            else:
                pool = rng.choices(("school", "lpk", "blk", "association"), (60, 25, 10, 5))[0]
                institution = self.pick(self.pools[pool] or self.pools["school"])
                programme = rng.choices(codes, cum_weights=programme_weights)[0][0]
                year = rng.choices(years, cum_weights=year_weights)[0]
                partners = []
                if self.org[institution][0] != "training_centre" and rng.random() < 0.6:
                    partners.append(self.pick(self.pools["lpk"]))
            domestic = programme in self.domestic
            hosts = [p for p in partners if self.org[p][0] == "japanese_partner"]
            if not domestic and not hosts:  # someone in Japan receives them
                hosts = [self.pick(self.pools["jp_coop"] or self.pools["jp_any"])]
                partners += hosts
            start = datetime.date(year, rng.choice((1, 2, 3, 7, 8, 9, 10)), rng.randint(1, 28))
            departure = None
            if not domestic:
                departure = start + datetime.timedelta(days=rng.randint(270, 450))
            serials[institution, programme] += 1
            code = self.programme_code[programme]
            label = COHORT_NAMES.get(code, "Program Angkatan {n}").format(
                n=serials[institution, programme]
            )
            created = self.moment(min(start.toordinal() - 60, today.toordinal()))
            planned = max(1, size + rng.randint(-3, 5))
            rows.append(
                (
                    pk,
                    f"{label} {year}",
                    institution,
                    programme,
                    year,
                    start,
                    planned,
                    departure,
                    True,
                    created,
                    created,
                )
            )
            partner_rows += [(pk, p) for p in dict.fromkeys(partners)]
            if agreement:
                agreement_rows.append((pk, agreement))
            self.cohorts_run[institution] += 1
            self.cohort_plan.append((pk, institution, programme, domestic, start, hosts, size))
        table = Table(
            Cohort,
            [
                "id",
                "name",
                "institution_id",
                "programme_id",
                "intake_year",
                "start_date",
                "planned_size",
                "target_departure",
                "is_demo",
                "created_at",
                "updated_at",
            ],
            now=self.now,
            history_date="created_at",
        )
        self.write(table, rows)
        self.write(
            Table(Cohort.partners.through, ["cohort_id", "organisation_id"], now=self.now),
            partner_rows,
        )
        self.write(
            Table(Cohort.agreements.through, ["cohort_id", "agreement_id"], now=self.now),
            agreement_rows,
        )
        del self.cohort_sources
