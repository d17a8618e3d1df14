"""Agreements: the agreements (addenda too) with their parties and programmes, and the
participants of the events they were signed at (partnerships_agreement and its history,
partnerships_agreementparty, the agreements' programmes and the events' participants).

Sets `cohort_sources` (via add_cohort_source, devtools/bulk/cohorts.py): the signed agreements
that cohorts may follow.
"""

import datetime
import itertools
from collections import defaultdict

from devtools.bulk.base import K, Table
from partnerships.models import Agreement, AgreementParty, Event

JP_SURNAMES = (
    "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
    "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura",
)  # fmt: skip
JP_GIVEN = (
    "Hiroshi", "Takashi", "Kenji", "Makoto", "Satoshi", "Yuki", "Naoki", "Kazuo", "Akira",
    "Masato", "Keiko", "Yoko", "Tomoko", "Noriko",
)  # fmt: skip
DEGREE_BEFORE = ("", "", "", "", "Dr. ", "Ir. ")
DEGREE_AFTER = ("", "", ", S.Pd.", ", M.Pd.", ", S.T., M.M.", ", S.E.", ", M.Si.", ", S.Kom.")
SIGNATORY_TITLES = {
    "smk": ("Kepala Sekolah",),
    "blk": ("Kepala UPTD",),
    "bbpvp": ("Kepala Balai",),
    "lpk": ("Direktur", "Ketua Yayasan"),
    "lpk_so": ("Direktur", "Direktur Utama"),
    "supervising": ("Representative Director", "Chairman"),
    "company": ("Representative Director", "President"),  # Japanese companies
    "industry": ("Direktur Utama", "Direktur", "Manajer HRD"),
    "foundation": ("President",),
    "prefectural": ("Governor", "Vice Governor"),
    "national": ("Direktur Jenderal", "Sekretaris Jenderal"),
    "provincial": ("Sekretaris Daerah", "Kepala Dinas", "Gubernur"),
    "regency": ("Kepala Dinas", "Sekretaris Daerah"),
    "association": ("Ketua",),
    "forum": ("Ketua Umum",),
}
TERMINATION_REASONS = (
    "Izin lembaga pelatihan dicabut.",
    "Mitra Jepang menghentikan penerimaan pemagang.",
    "Para pihak sepakat mengakhiri kerja sama lebih awal.",
    "Program tidak berjalan sesuai rencana.",
)
# weight, parties (pools, in order of signing), kinds, programme codes, topic.
# Half have two parties and half three: 2.5 parties per agreement on average.
AGREEMENT_TEMPLATES = (
    (
        18,
        ("school", "industry"),
        ("pks", "pks", "mou"),
        ("industry-class",),
        "penyelenggaraan kelas industri",
    ),
    (
        7,
        ("school", "lpk"),
        ("pks", "mou"),
        ("language-training",),
        "pelatihan bahasa dan budaya Jepang",
    ),
    (
        11,
        ("lpk_so", "jp_coop"),
        ("pks", "mou"),
        ("technical-intern",),
        "pemagangan teknis di Jepang",
    ),
    (
        5,
        ("lpk_so", "jp_company"),
        ("pks", "loi"),
        ("specified-skilled-worker",),
        "penempatan pekerja berketerampilan spesifik di Jepang",
    ),
    (
        3,
        ("blk", "industry"),
        ("pks",),
        ("domestic-placement",),
        "pelatihan dan penempatan kerja dalam negeri",
    ),
    (
        4,
        ("gov_local", "jp_gov"),
        ("mou", "loi"),
        ("technical-intern", "specified-skilled-worker"),
        "pengembangan sumber daya manusia",
    ),
    (
        18,
        ("school", "lpk_so", "jp_coop"),
        ("pks", "mou"),
        ("technical-intern", "language-training"),
        "persiapan dan pemagangan siswa SMK ke Jepang",
    ),
    (
        10,
        ("gov_local", "lpk_so", "jp_any"),
        ("mou",),
        ("technical-intern", "specified-skilled-worker"),
        "pemagangan dan penempatan ke Jepang",
    ),
    (
        7,
        ("school", "industry", "lpk"),
        ("pks",),
        ("industry-class", "domestic-placement"),
        "kelas industri dan penempatan lulusan",
    ),
    (
        6,
        ("association", "lpk_so", "jp_coop"),
        ("mou", "pks"),
        ("technical-intern",),
        "pemagangan siswa anggota asosiasi ke Jepang",
    ),
    (
        7,
        ("blk", "industry", "gov_local"),
        ("pks",),
        ("domestic-placement",),
        "pelatihan berbasis kompetensi dan penempatan kerja",
    ),
)
KIND_TITLES = {
    "mou": "Nota Kesepahaman",
    "pks": "Perjanjian Kerja Sama",
    "loi": "Surat Pernyataan Kehendak",
    "other": "Kesepakatan Bersama",
    "addendum": "Adendum",
}
KIND_CODES = {"mou": "MoU", "pks": "PKS", "loi": "LoI", "other": "KB", "addendum": "ADD"}
# Share of agreements by status (derived from the dates, see Agreement.status_on).
STATUS_WEIGHTS = {
    "draft": 5,
    "upcoming": 3,
    "active": 40,
    "expiring": 5,
    "expired": 38,
    "terminated": 9,
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
FIRST_SIGNING = datetime.date(2012, 1, 1)
ROLES = (
    AgreementParty.Role.FIRST.value,
    AgreementParty.Role.SECOND.value,
    AgreementParty.Role.THIRD.value,
)


class AgreementsMixin:
    """agreements() and the rows, dates and parties of each."""

    def agreements(self):
        rng = self.rng
        count = self.count("agreements")
        events, event_slots = self.events(count)
        weights = list(itertools.accumulate(t[0] for t in AGREEMENT_TEMPLATES))
        statuses = list(STATUS_WEIGHTS)
        status_weights = list(itertools.accumulate(STATUS_WEIGHTS.values()))
        agreement_ids = self.next_ids(Agreement, count)
        rows, parties, programme_rows = [], [], []
        self.signed = []  # (id, title, party ids, signed, expires, programme ids)
        # (agreement id, institution id, partner ids, programme ids, year signed)
        self.cohort_sources = []
        self.abbreviations = {}
        event_parties = defaultdict(set)
        for index, pk in enumerate(agreement_ids):
            # The first ones have one status each, the next ones are signed at events.
            slot = index - len(statuses)
            event = event_slots[slot] if 0 <= slot < len(event_slots) else None
            if event is None and slot >= 0 and self.signed and rng.random() < 0.07:
                row, party_ids, programmes = self.addendum(pk)
            else:
                if slot < 0:
                    status = statuses[index]  # one of each status, whatever the scale
                else:
                    status = rng.choices(statuses, cum_weights=status_weights)[0]
                template = rng.choices(AGREEMENT_TEMPLATES, cum_weights=weights)[0]
                _, pools, kinds, codes, topic = template
                party_ids = self.choose_parties(pools)
                kind = "other" if rng.random() < 0.03 else rng.choice(kinds)
                programmes = [
                    self.programme_by_code[c] for c in codes if c in self.programme_by_code
                ]
                dates = self.dates_at_event(events[event][1]) if event else self.dates_for(status)
                row = self.agreement_row(pk, kind, party_ids, topic, dates, event)
            rows.append(row)
            signed_on, signed_ordinal = row[5], row[5] and row[5].toordinal()
            precise = row[6] == "day"
            venue = events[event][2] if event else None
            for position, organisation in enumerate(party_ids):
                party_date = None
                if signed_on and precise:
                    last = position == len(party_ids) - 1 or event
                    party_date = (
                        signed_on if last else self.date(signed_ordinal - rng.randint(0, 10))
                    )
                parties.append(self.party_row(pk, organisation, position, party_date, venue))
            programme_rows += [(pk, programme) for programme in programmes]
            if event:
                event_parties[event].update(party_ids)
            if signed_on and row[3] != "addendum":
                expires = row[8]
                self.signed.append(
                    (
                        pk,
                        row[2],
                        party_ids,
                        signed_ordinal,
                        expires and expires.toordinal(),
                        programmes,
                    )
                )
            if signed_on and programmes:
                self.add_cohort_source(pk, party_ids, programmes, signed_on.year)
        self.write(
            Table(
                Agreement,
                [
                    "id",
                    "number",
                    "title",
                    "kind",
                    "summary",
                    "signed_on",
                    "signed_on_precision",
                    "effective_from",
                    "expires_on",
                    "auto_renewal",
                    "quota",
                    "quota_period",
                    "terminated_on",
                    "termination_reason",
                    "amends_id",
                    "event_id",
                    "verified_by_id",
                    "verified_at",
                    "is_demo",
                    "created_at",
                    "updated_at",
                ],
                now=self.now,
                history_date="created_at",
            ),
            rows,
        )
        party_table = Table(
            AgreementParty,
            [
                "id",
                "agreement_id",
                "organisation_id",
                "role",
                "position",
                "signatory_name",
                "signatory_title",
                "signed_on",
                "signed_at_place",
            ],
            now=self.now,
        )
        ids = self.next_ids(AgreementParty, len(parties))
        self.write(party_table, [(pk, *row) for pk, row in zip(ids, parties, strict=True)])
        self.write(
            Table(Agreement.programmes.through, ["agreement_id", "programme_id"], now=self.now),
            programme_rows,
        )
        self.write(
            Table(Event.participants.through, ["event_id", "organisation_id"], now=self.now),
            [(event, org) for event, orgs in event_parties.items() for org in sorted(orgs)],
        )
        del self.signed, self.abbreviations

    def choose_parties(self, pools):
        rng = self.rng
        chosen = []
        province = None
        for key in pools:
            pool = self.pools[key] or self.pools["school"]
            local = None
            if province and key in ("industry", "lpk", "lpk_so", "blk", "gov_local", "school"):
                categories = {
                    "industry": ("company",),
                    "lpk": ("lpk", "lpk_so"),
                    "lpk_so": ("lpk_so",),
                    "blk": ("blk", "bbpvp"),
                    "gov_local": ("provincial", "regency"),
                    "school": ("smk",),
                }[key]
                local = [pk for c in categories for pk in self.by_province[c].get(province, ())]
            for _ in range(10):
                candidate = rng.choice(local) if local and rng.random() < 0.7 else self.pick(pool)
                if candidate not in chosen:
                    chosen.append(candidate)
                    break
            province = province or self.org[chosen[0]][2]
        while len(chosen) < 2:  # tiny scales: pools of one
            candidate = self.pick(self.pools["industry"] + self.pools["school"])
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def dates_for(self, status):
        """(signed, effective, expires, terminated) ordinals giving `status` today."""
        rng, today = self.rng, self.today.toordinal()
        first = FIRST_SIGNING.toordinal()
        years = rng.choice((1, 2, 3, 3, 5, 5))
        length = years * 365
        if status == "draft":
            return None, None, None, None
        if status == "upcoming":
            signed = rng.randint(today - 120, today)
            effective = rng.randint(today + 1, today + 180)
            return signed, effective, effective + length - 1, None
        if status == "expiring":
            expires = rng.randint(today, today + 90)
            return expires - length + 1, expires - length + 1, expires, None
        if status == "expired":
            expires = rng.randint(first + length, today - 1)
            return expires - length + 1, expires - length + 1, expires, None
        if status == "terminated":
            signed = rng.randint(first, today - 60)
            expires = None if rng.random() < 0.15 else signed + length - 1
            return signed, signed, expires, rng.randint(signed + 30, min(today, expires or today))
        # active: in force beyond the next 90 days, or indefinitely
        if rng.random() < 0.15:
            signed = rng.randint(first, today)
            return signed, signed, None, None
        signed = rng.randint(max(first, today + 91 - length + 1), today)
        return signed, signed, signed + length - 1, None

    def dates_at_event(self, day):
        rng = self.rng
        signed = day.toordinal()
        expires = None if rng.random() < 0.15 else signed + rng.choice((1, 2, 3, 5)) * 365 - 1
        terminated = None
        if rng.random() < 0.05 and signed + 30 < self.today.toordinal():
            terminated = rng.randint(signed + 30, self.today.toordinal())
        return signed, signed, expires, terminated

    def abbreviation(self, organisation):
        value = self.abbreviations.get(organisation)
        if value is None:
            words = self.org[organisation][5].replace("-", " ").split()
            value = "".join(w if w.isdigit() else w[0] for w in words if w[0].isalnum()).upper()
            value = self.abbreviations[organisation] = value[:10]
        return value

    def agreement_row(self, pk, kind, party_ids, topic, dates, event, amends=None, title=None):
        rng = self.rng
        signed, effective, expires, terminated = (d and self.date(d) for d in dates)
        precision = "day"
        if signed and not event and expires and expires < self.today and rng.random() < 0.15:
            precision = rng.choice(("month", "year"))
            signed = (
                signed.replace(day=1) if precision == "month" else signed.replace(month=1, day=1)
            )
        year = (signed or self.today).year
        month = (signed or self.today).month
        number = ""
        if signed or rng.random() < 0.5:
            code = f"{KIND_CODES[kind]}/{self.abbreviation(party_ids[0])}"
            number = f"{pk:06d}/{code}/{ROMAN[month - 1]}/{year}"
        names = [self.org[o][5] for o in party_ids]
        between = (
            " dan ".join(names) if len(names) == 2 else f"{', '.join(names[:-1])}, dan {names[-1]}"
        )
        title = (
            title or f"{KIND_TITLES[kind]} tentang {topic[0].upper()}{topic[1:]} antara {between}"
        )
        quota = period = None
        if rng.random() < 0.25:
            quota = rng.choice((10, 20, 25, 30, 40, 50, 100, 160, 200))
            period = rng.choice(("year", "total"))
        summary = f"Para pihak sepakat bekerja sama dalam {topic}."
        if quota:
            summary += (
                f" Kuota {quota} peserta {'per tahun' if period == 'year' else 'seluruhnya'}."
            )
        verified_by = verified_at = None
        if signed and rng.random() < 0.6:
            verified_by = self.curator_id
            verified_at = self.moment(
                min(signed.toordinal() + rng.randint(1, 60), self.today.toordinal())
            )
        if signed:
            created = self.moment(
                min(signed.toordinal() + rng.randint(0, 30), self.today.toordinal())
            )
            if verified_at:
                created = min(created, verified_at)
        else:
            created = self.moment(self.today.toordinal() - rng.randint(0, 90))
        return (
            pk,
            number,
            title[:300],
            kind,
            summary,
            signed,
            precision,
            effective,
            expires,
            rng.random() < 0.1,
            quota,
            period or "",
            terminated,
            rng.choice(TERMINATION_REASONS) if terminated else "",
            amends,
            event,
            verified_by,
            verified_at,
            True,
            created,
            created,
        )

    def addendum(self, pk):
        rng, today = self.rng, self.today.toordinal()
        base, title, party_ids, base_signed, base_expires, programmes = rng.choice(self.signed)
        signed = min(base_signed + rng.randint(30, 720), today - rng.randint(0, 10))
        signed = max(signed, base_signed)
        expires = base_expires
        if expires is not None and expires < signed:
            expires = signed + 2 * 365
        row = self.agreement_row(
            pk,
            "addendum",
            party_ids,
            "perubahan perjanjian",
            (signed, signed, expires, None),
            None,
            amends=base,
            title=f"Adendum atas {title}",
        )
        return row, party_ids, programmes

    def party_row(self, agreement, organisation, position, signed_on, venue):
        rng = self.rng
        kind, category, *_rest, place = self.org[organisation]
        if kind == K["JAPANESE_PARTNER"]:
            name = f"{rng.choice(JP_SURNAMES)} {rng.choice(JP_GIVEN)}"
        else:
            name = f"{rng.choice(DEGREE_BEFORE)}{self.person_name()}{rng.choice(DEGREE_AFTER)}"
        title = rng.choice(SIGNATORY_TITLES["industry" if kind == "industry" else category])
        where = ""
        if signed_on:
            where = venue or place or ("Tokyo" if kind == K["JAPANESE_PARTNER"] else "Jakarta")
        role = ROLES[position] if position < len(ROLES) else AgreementParty.Role.PARTY.value
        return (agreement, organisation, role, position, name, title, signed_on, where)
