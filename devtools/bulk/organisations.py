"""Organisations: government bodies, SMKs, training centres, Japanese partners, industries and
associations (partnerships_organisation, its history, and the members of associations).

Sets what the later tables draw from: `org` (id -> kind, category, places, name), `pools` (ids by
the role they play in agreements), `by_province` and `by_regency` (ids by category and place),
`members` (association id -> member ids) and `running_associations`.
"""

import datetime
import itertools
import operator
from collections import Counter, defaultdict

from django.db.models.functions import Lower
from django.utils.text import slugify

from devtools.bulk.base import PREFIX, K, Table
from devtools.demo import ORGANISATIONS as DEMO_ORGANISATIONS
from partnerships.models import Organisation

SCHOOL_FOUNDATIONS = (
    "Muhammadiyah", "PGRI", "Ma'arif NU", "Kristen", "Katolik Santo Yosef", "Bina Bangsa",
    "Taruna Bangsa", "Pembangunan", "Yadika", "Bhakti Nusantara", "Telekomunikasi",
    "Islam Terpadu Al-Hikmah", "Nurul Huda", "Tunas Harapan", "Pelita", "Mitra Industri",
    "Teknologi Nusantara", "Budi Utomo", "Kesehatan Bakti Husada", "Pariwisata Satya Wisata",
    "Farmasi Bhakti", "Penerbangan Dirgantara", "Perikanan Bahari", "Pertanian Tani Makmur",
    "Al-Azhar", "Diponegoro", "Kartini", "Wira Karya", "Karya Guna", "Prima Unggul",
)  # fmt: skip
LPK_FIRST = (
    "Bina", "Karya", "Mitra", "Cipta", "Putra", "Dharma", "Sakura", "Hikari", "Mirai", "Nusa",
    "Insan", "Tunas", "Prima", "Harapan", "Cahaya", "Sinar", "Global", "Duta", "Kencana", "Bakti",
    "Yume", "Kizuna", "Fuji", "Sora", "Ganbaru",
)  # fmt: skip
LPK_SECOND = (
    "Mandiri", "Nusantara", "Utama", "Sejahtera", "Indonesia", "Persada", "Abadi", "Jaya",
    "Gemilang", "Prestasi", "Kreasi", "Terampil", "Internasional", "Bangsa", "Sentosa", "Berkah",
    "Lestari", "Makmur", "Unggul", "Cemerlang", "Nihongo", "Kompeten", "Mulia", "Bersama",
)  # fmt: skip
LPK_THIRD = ("", "", "", "Indonesia", "Nusantara", "Mandiri", "Abadi", "Jepang", "Internasional")
BPVP_CITIES = (  # (name, regency): the national training centres besides Serang and Bekasi
    ("Medan", "Kota Medan"), ("Bandung", "Kota Bandung"), ("Semarang", "Kota Semarang"),
    ("Makassar", "Kota Makassar"), ("Surakarta", "Kota Surakarta"), ("Padang", "Kota Padang"),
    ("Kendari", "Kota Kendari"), ("Ternate", "Kota Ternate"), ("Ambon", "Kota Ambon"),
    ("Sorong", "Kota Sorong"), ("Banda Aceh", "Kota Banda Aceh"), ("Samarinda", "Kota Samarinda"),
    ("Belitung", "Kabupaten Belitung"), ("Lombok Timur", "Kabupaten Lombok Timur"),
    ("Banyuwangi", "Kabupaten Banyuwangi"), ("Bantaeng", "Kabupaten Bantaeng"),
    ("Surabaya", "Kota Surabaya"),
)  # fmt: skip
# (romaji, kanji) of Japanese partners' names: a stem and a trade.
JP_STEMS = (
    ("Tohoku", "東北"), ("Kanto", "関東"), ("Chubu", "中部"), ("Kansai", "関西"),
    ("Kyushu", "九州"), ("Shikoku", "四国"), ("Hokuriku", "北陸"), ("Tokai", "東海"),
    ("Sanyo", "山陽"), ("Nihon", "日本"),
    ("Asahi", "朝日"), ("Fuji", "富士"), ("Sakura", "桜"), ("Midori", "緑"), ("Hikari", "光"),
    ("Mirai", "未来"), ("Yamato", "大和"), ("Heiwa", "平和"), ("Kizuna", "絆"), ("Musashi", "武蔵"),
    ("Tsubasa", "翼"), ("Seiwa", "清和"), ("Daiichi", "第一"), ("Shinsei", "新生"),
)  # fmt: skip
JP_TRADES = (
    ("Kensetsu", "建設"), ("Kikai", "機械"), ("Kinzoku", "金属"), ("Shokuhin", "食品"),
    ("Nogyo", "農業"), ("Kaigo", "介護"), ("Sangyo", "産業"), ("Jidosha Buhin", "自動車部品"),
    ("Denshi", "電子"), ("Zosen", "造船"), ("Seni", "繊維"), ("Kogyo", "工業"), ("Gyogyo", "漁業"),
    ("Butsuryu", "物流"), ("Yosetsu", "溶接"), ("Tosou", "塗装"),
)  # fmt: skip
JP_FOUNDATIONS = (
    ("Kokusai Koryu", "国際交流"), ("Kenshu Kyoryoku", "研修協力"), ("Jinzai Ikusei", "人材育成"),
    ("Sangyo Shinko", "産業振興"),
)  # fmt: skip
INDUSTRY_WORDS = (
    ("Karya", "Sinar", "Mitra", "Cahaya", "Surya", "Indo", "Nusa", "Prima", "Mega", "Graha",
     "Bumi", "Tirta", "Agro", "Multi", "Sentra", "Dwi", "Tri", "Citra"),
    ("Teknik", "Logam", "Otomotif", "Pangan", "Tekstil", "Elektrik", "Konstruksi", "Plastik",
     "Kimia", "Mesin", "Perkasa", "Manufaktur", "Energi", "Presisi", "Komponen", "Garmen"),
    ("Indonesia", "Nusantara", "Abadi", "Mandiri", "Utama", "Jaya", "Persada", "Sejahtera",
     "Makmur", "Sentosa", "Lestari", "Gemilang"),
)  # fmt: skip
NATIONAL_BODIES = (
    "Kementerian Pendidikan Dasar dan Menengah Republik Indonesia",
    "Direktorat Sekolah Menengah Kejuruan",
    "Kementerian Perindustrian Republik Indonesia",
    "Kementerian Pelindungan Pekerja Migran Indonesia",
    "Badan Nasional Sertifikasi Profesi",
    "Direktorat Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja",
)
STREETS = (
    "Jenderal Sudirman", "Ahmad Yani", "Diponegoro", "Gatot Subroto", "Pahlawan", "Merdeka",
    "Veteran", "Imam Bonjol", "Pemuda", "Pendidikan", "Raya Industri", "Soekarno-Hatta",
    "Hasanuddin", "Kartini", "Cut Nyak Dien", "Teuku Umar", "M.H. Thamrin", "Pattimura",
    "Sisingamangaraja", "Gajah Mada",
)  # fmt: skip


class OrganisationsMixin:
    """organisations() and the make_*() of each kind."""

    def organisations(self):
        self.taken_names = set(Organisation.objects.values_list(Lower("name"), flat=True))
        self.taken_names |= {data["name"].lower() for data in DEMO_ORGANISATIONS.values()}
        self.taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.taken_npsn = set(
            Organisation.objects.exclude(npsn=None).values_list("npsn", flat=True)
        )
        self.org_rows = []
        self.org = {}  # id -> (kind, category, province id, regency id, prefecture id, name, place)
        self.pools = defaultdict(list)
        self.by_province = defaultdict(lambda: defaultdict(list))
        self.by_regency = defaultdict(lambda: defaultdict(list))
        self.members = {}  # association id -> member ids
        self.running_associations = set()
        # Government first: training centres and offices name their parent body.
        self.make_government()
        self.make_schools()
        self.make_training_centres()
        self.make_japanese_partners()
        self.make_industries()
        self.make_associations()
        table = Table(
            Organisation,
            [
                "id",
                "name",
                "short_name",
                "slug",
                "kind",
                "category",
                "parent_id",
                "npsn",
                "licence_number",
                "name_ja",
                "prefecture_id",
                "province_id",
                "regency_id",
                "address",
                "email",
                "is_demo",
                "created_at",
                "updated_at",
            ],
            now=self.now,
            history_date="created_at",
        )
        self.write(table, self.org_rows)
        members = Table(
            Organisation.members.through,
            ["from_organisation_id", "to_organisation_id"],
            now=self.now,
        )
        self.write(members, [(a, m) for a, ids in self.members.items() for m in ids])
        del self.org_rows

    def claim(self, name):
        """The slug of `name` if no organisation has this name yet (in any case), else None."""
        if name.lower() in self.taken_names:
            return None
        slug = base = PREFIX + slugify(name)[:100].strip("-")
        for number in itertools.count(2):
            if slug not in self.taken_slugs:
                break
            slug = f"{base}-{number}"
        self.taken_names.add(name.lower())
        self.taken_slugs.add(slug)
        return slug

    def free_name(self, make, tries=8):
        """A name from make() that no organisation has yet, after a few tries; else the last
        one (add_org then numbers it)."""
        for _ in range(tries):
            name = make()
            if name.lower() not in self.taken_names:
                break
        return name

    def add_org(
        self, name, kind, category, *, province=None, regency=None, prefecture=None, **fields
    ):
        """Add an organisation named `name` (or, if taken, the name with a number); returns
        its id."""
        base, name = name[:190], name[:200]
        slug = self.claim(name)
        for number in itertools.count(2):
            if slug:
                break
            name = f"{base} {number}"
            slug = self.claim(name)
        (pk,) = self.next_ids(Organisation, 1)
        rng = self.rng
        place = ""
        if regency:
            regency_id, regency_name, place = regency
        else:
            regency_id = None
        province_id = province[0] if province else None
        prefecture_id = prefecture[0] if prefecture else None
        if prefecture:
            address = f"{prefecture[2]}, Jepang"
        else:
            street = rng.choice(STREETS)
            address = f"Jl. {street} No. {rng.randint(1, 250)}, {place or province[2]}"
        created = self.now - datetime.timedelta(
            days=rng.randint(0, 1095), seconds=rng.randint(0, 86399)
        )
        compact = slug.removeprefix(PREFIX).replace("-", "")[:40]
        self.org_rows.append(
            (
                pk,
                name,
                fields.get("short_name", ""),
                slug,
                kind,
                category,
                fields.get("parent"),
                fields.get("npsn"),
                fields.get("licence_number", ""),
                fields.get("name_ja", ""),
                prefecture_id,
                province_id,
                regency_id,
                address,
                f"{compact}@bulk.example",
                True,
                created,
                created,
            )
        )
        self.org[pk] = (kind, category, province_id, regency_id, prefecture_id, name, place)
        if province_id:
            self.by_province[category][province_id].append(pk)
        if regency_id:
            self.by_regency[category][regency_id].append(pk)
        return pk

    def make_government(self):
        rng = self.rng
        candidates = [(name, "national", 0, None) for name in NATIONAL_BODIES]
        for province in self.provinces:
            name = province[2]
            candidates += [
                (f"Pemerintah Provinsi {name}", "provincial", 1, province),
                (f"Dinas Tenaga Kerja Provinsi {name}", "provincial", 2, province),
                (f"Dinas Pendidikan Provinsi {name}", "provincial", 2, province),
            ]
            for regency in self.regencies[province[0]]:
                candidates += [
                    (f"Pemerintah {regency[1]}", "regency", 1, (province, regency)),
                    (f"Dinas Tenaga Kerja {regency[1]}", "regency", 2, (province, regency)),
                ]
        rng.shuffle(candidates)
        free = [c for c in candidates if c[0].lower() not in self.taken_names]  # demo bodies
        chosen = sorted(free[: self.count("government")], key=operator.itemgetter(2))
        jakarta = next(p for p in self.provinces if p[1] == "31")
        self.government = {}  # name -> id, for parents
        for name, category, level, place in chosen:
            province, regency = place if category == "regency" else (place or jakarta, None)
            parent = None
            if level == 2:  # an office: part of its province's or regency's government
                parent_name = (
                    f"Pemerintah {regency[1]}" if regency else f"Pemerintah Provinsi {province[2]}"
                )
                parent = self.government.get(parent_name)
            pk = self.add_org(
                name, K["GOVERNMENT"], category, province=province, regency=regency, parent=parent
            )
            self.government[name] = pk
            self.pools["gov_local" if category != "national" else "gov_national"].append(pk)

    def make_schools(self):
        rng = self.rng
        numbers = Counter()
        for _ in range(self.count("school")):
            province = self.province()
            regency = rng.choice(self.regencies[province[0]])
            place = regency[2]
            if rng.random() < 0.28:
                numbers["negeri", regency[0]] += 1
                number = numbers["negeri", regency[0]]
                name, short = f"SMK Negeri {number} {place}", f"SMKN {number} {place}"[:50]
            else:
                foundation = rng.choice(SCHOOL_FOUNDATIONS)
                numbers[foundation, regency[0]] += 1
                number = numbers[foundation, regency[0]]
                name = (
                    f"SMK {foundation} {number} {place}"
                    if number > 1
                    else f"SMK {foundation} {place}"
                )
                short = ""
            npsn = None
            while npsn is None or npsn in self.taken_npsn:
                npsn = str(rng.randrange(10_000_000, 70_000_000))
            self.taken_npsn.add(npsn)
            pk = self.add_org(
                name,
                K["SCHOOL"],
                "smk",
                province=province,
                regency=regency,
                npsn=npsn,
                short_name=short,
            )
            self.pools["school"].append(pk)

    def make_training_centres(self):
        rng = self.rng
        regencies = [
            (province, regency)
            for province in self.provinces
            for regency in self.regencies[province[0]]
        ]
        rng.shuffle(regencies)
        for index in range(self.count("blk")):
            province, regency = regencies[index % len(regencies)]
            name = f"UPTD Balai Latihan Kerja {regency[1]}"
            if index >= len(regencies):
                name = f"BLK Komunitas {rng.choice(SCHOOL_FOUNDATIONS)} {regency[2]}"
            parent = self.government.get(f"Dinas Tenaga Kerja {regency[1]}")
            pk = self.add_org(
                name,
                K["TRAINING_CENTRE"],
                "blk",
                province=province,
                regency=regency,
                parent=parent,
                short_name=f"BLK {regency[2]}"[:50],
            )
            self.pools["blk"].append(pk)
        for city, regency_name in BPVP_CITIES[: self.count("bbpvp")]:
            if regency_name not in self.regency_by_name:
                continue
            regency_id, province_id, place = self.regency_by_name[regency_name]
            province = next(p for p in self.provinces if p[0] == province_id)
            pk = self.add_org(
                f"Balai Pelatihan Vokasi dan Produktivitas {city}",
                K["TRAINING_CENTRE"],
                "bbpvp",
                province=province,
                regency=(regency_id, regency_name, place),
                short_name=f"BPVP {city}",
            )
            self.pools["blk"].append(pk)
        for category in ("lpk", "lpk_so"):
            for serial in range(1, self.count(category) + 1):
                province = self.province()
                regency = rng.choice(self.regencies[province[0]])
                name = self.free_name(lambda: lpk_name(rng), tries=3)
                if name.lower() in self.taken_names:  # e.g. "LPK Bina Mandiri Kota Bekasi"
                    name = self.free_name(lambda r=regency: f"{lpk_name(rng)} {r[2]}")
                year = rng.randint(2005, self.today.year - 1)
                licence = (
                    f"KEP.{serial}/LATTAS/SO/{year}"
                    if category == "lpk_so"
                    else f"{serial:04d}/LPK/{year}"
                )
                pk = self.add_org(
                    name,
                    K["TRAINING_CENTRE"],
                    category,
                    province=province,
                    regency=regency,
                    licence_number=licence,
                )
                self.pools["lpk"].append(pk)
                if category == "lpk_so":
                    self.pools["lpk_so"].append(pk)

    def make_japanese_partners(self):
        rng = self.rng
        stems = list(JP_STEMS) + [
            (name, name_ja[:-1] if name_ja[-1] in "県府都" else name_ja)  # 京都府 -> 京都
            for _, _, name, name_ja in self.prefectures
        ]
        kinds = (
            (
                "jp_supervising",
                "supervising",
                "jp_coop",
                JP_TRADES,
                "{} Kyodo Kumiai",
                "{}協同組合",
            ),
            ("jp_company", "company", "jp_company", JP_TRADES, "{} Kabushiki Kaisha", "株式会社{}"),
            ("jp_foundation", "foundation", "jp_gov", JP_FOUNDATIONS, "{} Zaidan", "{}財団"),
        )
        for key, category, pool, trades, pattern, pattern_ja in kinds:
            for _ in range(self.count(key)):
                # A stem and a trade ("Chubu Kikai"), else two trades ("Chubu Kikai Kinzoku").
                for size in (1, 1, 1, 1, 2, 2, 2, 2):
                    stem, stem_ja = rng.choice(stems)
                    picked = rng.sample(trades, size)
                    name = pattern.format(" ".join([stem, *(word for word, _ in picked)]))
                    if name.lower() not in self.taken_names:
                        break
                name_ja = pattern_ja.format(stem_ja + "".join(kanji for _, kanji in picked))
                prefecture = next((p for p in self.prefectures if p[2] == stem), None)
                prefecture = prefecture or self.prefecture()
                pk = self.add_org(
                    name, K["JAPANESE_PARTNER"], category, prefecture=prefecture, name_ja=name_ja
                )
                self.pools[pool].append(pk)
                self.pools["jp_any"].append(pk)
        prefectures = list(self.prefectures)
        rng.shuffle(prefectures)
        made = 0
        for prefecture in prefectures:
            if made == self.count("jp_prefectural"):
                break
            name = f"Pemerintah Prefektur {prefecture[2]}"
            if name.lower() in self.taken_names:
                continue
            pk = self.add_org(
                name,
                K["JAPANESE_PARTNER"],
                "prefectural",
                prefecture=prefecture,
                name_ja=prefecture[3],
            )
            self.pools["jp_gov"].append(pk)
            self.pools["jp_any"].append(pk)
            made += 1

    def make_industries(self):
        rng = self.rng
        first, second, third = INDUSTRY_WORDS
        for _ in range(self.count("industry")):
            province = self.province()
            regency = rng.choice(self.regencies[province[0]])
            name = self.free_name(
                lambda: f"PT {rng.choice(first)} {rng.choice(second)} {rng.choice(third)}"
            )
            pk = self.add_org(name, K["INDUSTRY"], "company", province=province, regency=regency)
            self.pools["industry"].append(pk)

    def make_associations(self):
        rng = self.rng
        candidates = []
        for province in self.provinces:
            candidates += [
                (
                    f"Asosiasi SMK Mitra Industri Jepang {province[2]}",
                    "association",
                    province,
                    None,
                ),
                (f"Forum Komunikasi LPK {province[2]}", "forum", province, None),
                (
                    f"Himpunan Penyelenggara Pelatihan dan Kursus {province[2]}",
                    "association",
                    province,
                    None,
                ),
            ]
            for regency in self.regencies[province[0]]:
                name = f"Musyawarah Kerja Kepala Sekolah SMK {regency[1]}"
                candidates.append((name, "association", province, regency))
        rng.shuffle(candidates)
        for name, category, province, regency in candidates[: self.count("association")]:
            pk = self.add_org(name, K["ASSOCIATION"], category, province=province, regency=regency)
            of_schools = "SMK" in name
            here = self.by_regency if regency else self.by_province
            place = regency[0] if regency else province[0]
            if of_schools:  # the schools of its regency or province, else any
                pool = here["smk"][place] or self.pools["school"]
            else:
                pool = here["lpk"][place] + here["lpk_so"][place] or self.pools["lpk"]
            self.members[pk] = rng.sample(pool, min(len(pool), rng.randint(6, 25)))
            # Associations of schools run cohorts, for their member schools.
            if of_schools and self.members[pk]:
                self.pools["association"].append(pk)
                self.running_associations.add(pk)


def lpk_name(rng):
    words = (rng.choice(LPK_FIRST), rng.choice(LPK_SECOND), rng.choice(LPK_THIRD))
    return " ".join(["LPK", *dict.fromkeys(w for w in words if w)])
