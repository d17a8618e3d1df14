"""Bulk data of national shape for load tests (`manage.py seed_bulk --scale N`).

At scale 1 the registry looks like Indonesia's: about 14,000 SMKs, 3,000 training centres, 1,500
Japanese partners and 1,500 government bodies, associations and industries; 20,000 agreements
with 50,000 parties; 10,000 cohorts with 300,000 trainees and about 1.6 million stage changes.
Every number below (NATIONAL) is multiplied by the scale; the names, places and dates are drawn
from a seeded random.Random, so the same seed and scale give the same data.

Rows go in with PostgreSQL's COPY (psycopg 3), each with the "+" history row that
bulk_create_with_history would have written, so the database still checks every constraint.
Rules the database cannot check (clean(): a host in Japan is a Japanese partner, a cohort is
run by a school, training centre or association, a regency lies in its province) hold by
construction, and the stage timelines follow trainees.models.NEXT_STAGES.

Bulk rows are found again by their prefix: organisation slugs and usernames start with "bulk-"
(everything else hangs off these organisations). Every record with an `is_demo` flag has it set.
"""

import datetime
import itertools
import math
import operator
import random
import time
import zoneinfo
from collections import Counter, defaultdict

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from partnerships.models import Agreement, AgreementParty, Event, Organisation, Programme
from portal.demo import ORGANISATIONS as DEMO_ORGANISATIONS
from portal.demo import curator_group
from portal.disclosure import KEY_SPACE
from portal.models import Membership, Prefecture, Province, Regency, User
from trainees.models import Cohort, Stage, StageChange, Trainee

PREFIX = "bulk-"  # of organisation slugs and usernames: how bulk data is recognised
PASSWORD = "bulk-pass-2025"

# The shape at scale 1. Organisations add up to 20,000.
NATIONAL = {
    "school": 14_000,
    "blk": 450,
    "bbpvp": 15,
    "lpk": 1_935,
    "lpk_so": 600,
    "jp_supervising": 900,
    "jp_company": 480,
    "jp_foundation": 75,
    "jp_prefectural": 45,
    "government": 600,
    "association": 400,
    "industry": 500,
    "agreements": 20_000,
    "forum_agreements": 760,  # signed at one national forum
    "events": 150,  # smaller signing ceremonies, launches and forums
    "cohorts": 10_000,
    "trainees": 300_000,
    "users": 2_000,  # heads and staff of institutions that run cohorts
}
MINIMUM = {"agreements": 6}  # one agreement of each status, whatever the scale

# Approximate number of SMKs per province (Dapodik, rounded): how every kind is spread.
PROVINCE_WEIGHTS = {
    "11": 240, "12": 1000, "13": 220, "14": 330, "15": 190, "16": 420, "17": 115, "18": 500,
    "19": 60, "21": 100, "31": 560, "32": 2950, "33": 1600, "34": 220, "35": 2130, "36": 800,
    "51": 190, "52": 380, "53": 330, "61": 240, "62": 140, "63": 150, "64": 220, "65": 30,
    "71": 160, "72": 170, "73": 520, "74": 230, "75": 50, "76": 90, "81": 110, "82": 90,
    "91": 40, "92": 40, "93": 20, "94": 30, "95": 20, "96": 30,
}  # fmt: skip
# Japanese prefectures with much industry (Aichi, Osaka, Tokyo, ...) receive more trainees.
INDUSTRIAL_PREFECTURES = (
    "08", "10", "11", "12", "13", "14", "21", "22", "23", "27", "28", "34", "40",
)  # fmt: skip

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
GIVEN_MALE = (
    "Agus", "Ahmad", "Andi", "Arif", "Bagus", "Bambang", "Budi", "Dedi", "Dimas", "Eko", "Fajar",
    "Fikri", "Gilang", "Hadi", "Hendra", "Ilham", "Irfan", "Joko", "Kevin", "Lukman", "Muhammad",
    "Nanda", "Rizki", "Rudi", "Satria", "Taufik", "Wahyu", "Yoga", "Yusuf", "Zaki", "Aditya",
    "Bima", "Dani", "Galih", "Hafiz", "Iqbal", "Putu", "Made", "Komang", "Rahmat",
)  # fmt: skip
GIVEN_FEMALE = (
    "Ayu", "Citra", "Dewi", "Dian", "Eka", "Fitri", "Gita", "Indah", "Intan", "Kartika", "Lestari",
    "Maya", "Nabila", "Nurul", "Putri", "Rina", "Sari", "Siti", "Tari", "Umi", "Vina", "Wulan",
    "Yuni", "Zahra", "Anisa", "Bunga", "Dinda", "Eva", "Febri", "Hana", "Kadek", "Ketut",
    "Melati", "Nadia", "Rara", "Salsabila", "Tiara", "Winda", "Yulia", "Aulia",
)  # fmt: skip
SURNAMES = (
    "Saputra", "Pratama", "Wijaya", "Hidayat", "Nugroho", "Kurniawan", "Setiawan", "Siregar",
    "Nasution", "Lubis", "Simanjuntak", "Harahap", "Manurung", "Tanjung", "Gunawan", "Santoso",
    "Susanto", "Hakim", "Ramadhan", "Firmansyah", "Maulana", "Syahputra", "Hutapea", "Sinaga",
    "Pangaribuan", "Wibowo", "Purnomo", "Sitompul", "Rahman", "Permana", "Sembiring", "Ginting",
    "Tarigan", "Mahendra", "Kusuma", "Halim", "Panjaitan", "Situmorang", "Daulay", "Effendi",
)  # fmt: skip
FEMALE_SURNAMES = (
    "Rahmawati", "Wulandari", "Permatasari", "Anggraini", "Puspitasari", "Handayani", "Maharani",
    "Safitri",
)  # fmt: skip
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
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
FIRST_SIGNING = datetime.date(2012, 1, 1)
FORUM = ("Forum Nasional Kemitraan Vokasi dan Pemagangan Jepang 2024", datetime.date(2024, 8, 21))
FORUM_VENUE = ("Jakarta International Convention Center", "Kota Administrasi Jakarta Pusat")

# Plain strings: psycopg would write an Enum member's name, not its value.
K = {kind.name: kind.value for kind in Organisation.Kind}
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
ROLES = (
    AgreementParty.Role.FIRST.value,
    AgreementParty.Role.SECOND.value,
    AgreementParty.Role.THIRD.value,
)


def scaled(key, scale):
    return max(MINIMUM.get(key, 1), round(NATIONAL[key] * scale))


def existing_bulk_data():
    """How many bulk organisations and users the database holds already."""
    return (
        Organisation.objects.filter(slug__startswith=PREFIX).count(),
        User.objects.filter(username__startswith=PREFIX).count(),
    )


class Table:
    """COPY rows into a model's table and, when the model keeps history, the "+" history row
    of each into its history table, as bulk_create_with_history would.

    `fields` are the attnames each row gives, in order; every other column gets the field's
    default (auto_now fields: `now`), so a column added later does not break the load unless
    it has no default. An auto-incremented primary key left out is assigned by the database.
    `history_date` names the field that dates the history row (e.g. created_at); else `now`."""

    def __init__(self, model, fields, *, now, history_date=None):
        self.model = model
        opts = model._meta
        by_attname = {field.attname: field for field in opts.concrete_fields}
        unknown = set(fields) - set(by_attname)
        if unknown:
            raise ImproperlyConfigured(f"{opts.label} has no field {', '.join(sorted(unknown))}")
        missing, defaults = [], []
        for field in opts.concrete_fields:
            if field.attname in fields or (field.primary_key and field.auto_created):
                continue
            missing.append(field.attname)
            defaults.append(_default(field, now, opts.label))
        self.defaults = tuple(defaults)
        names = [*fields, *missing]  # the attnames of a full row, in order
        self.columns = [by_attname[name].column for name in names]

        self.history_columns = None
        manager_name = getattr(opts, "simple_history_manager_attribute", None)
        if manager_name:
            history_model = getattr(model, manager_name).model
            taken, constants, columns = [], [], []
            constant_columns = []
            for field in history_model._meta.concrete_fields:
                name = field.attname
                if name == "history_id":
                    continue
                if name == "history_date" and history_date:
                    taken.append(names.index(history_date))
                    columns.append(field.column)
                elif name == "history_date":
                    constants.append(now)
                    constant_columns.append(field.column)
                elif name in ("history_type", "history_change_reason", "history_user_id"):
                    constants.append({"history_type": "+", "history_change_reason": ""}.get(name))
                    constant_columns.append(field.column)
                elif name in names:
                    taken.append(names.index(name))
                    columns.append(field.column)
                else:
                    constants.append(_default(field, now, history_model._meta.label))
                    constant_columns.append(field.column)
            self.history_model = history_model
            self.history_columns = columns + constant_columns
            self.history_getter = _getter(taken)
            self.history_constants = tuple(constants)

    def write(self, cursor, rows):
        """COPY `rows` (a list of tuples); returns how many."""
        if not rows:
            return 0
        full = [row + self.defaults for row in rows] if self.defaults else rows
        _copy(cursor, self.model._meta.db_table, self.columns, full)
        if self.history_columns:
            getter, constants = self.history_getter, self.history_constants
            _copy(
                cursor,
                self.history_model._meta.db_table,
                self.history_columns,
                [getter(row) + constants for row in full],
            )
        return len(rows)


def _default(field, now, label):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.empty_strings_allowed:  # CharField, TextField...: blank
        return ""
    raise ImproperlyConfigured(
        f"seed_bulk gives no value for {label}.{field.name}, which has no default: "
        "add it to portal/bulk.py."
    )


def _getter(indexes):
    if len(indexes) == 1:
        (index,) = indexes
        return lambda row: (row[index],)
    return operator.itemgetter(*indexes)


def _copy(cursor, table, columns, rows):
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


class Seeder:
    """Generates and loads the bulk data; run() returns {table name: rows written}."""

    def __init__(self, *, scale, seed=2025, users=None, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.user_count = scaled("users", scale) if users is None else users
        self.log = log
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts = Counter()
        self._dates = {}
        self._times = {}

    # -- helpers -----------------------------------------------------------------------------

    def count(self, key):
        return scaled(key, self.scale)

    def date(self, ordinal):
        value = self._dates.get(ordinal)
        if value is None:
            value = self._dates[ordinal] = datetime.date.fromordinal(ordinal)
        return value

    def moment(self, ordinal):
        """A time of day on that date, never after now."""
        value = self._times.get(ordinal)
        if value is None:
            day = datetime.date.fromordinal(ordinal)
            value = min(datetime.datetime.combine(day, datetime.time(9), JAKARTA), self.now)
            self._times[ordinal] = value
        return value

    def next_ids(self, model, count):
        start = self.next_id[model]
        self.next_id[model] = start + count
        return range(start, start + count)

    def write(self, table, rows):
        with connection.cursor() as cursor:
            written = table.write(cursor.cursor, rows)
        self.counts[table.model._meta.db_table] += written
        if table.history_columns:
            self.counts[table.history_model._meta.db_table] += written

    def pick(self, pool):
        """A member of `pool`, the first ones more often: a few institutions sign and run
        much more than the rest."""
        return pool[int(len(pool) * self.rng.random() ** 1.7)]

    def person_name(self, sex=None):
        rng = self.rng
        sex = sex or rng.choice("MF")
        if sex == "F":
            given = rng.choice(GIVEN_FEMALE)
            last = rng.choice(FEMALE_SURNAMES if rng.random() < 0.4 else SURNAMES)
        else:
            given = rng.choice(GIVEN_MALE)
            last = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            middle = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
            if middle != given:
                return f"{given} {middle} {last}"
        return f"{given} {last}"

    # -- the load ----------------------------------------------------------------------------

    def run(self):
        tables = [Organisation, Event, Agreement, AgreementParty, Cohort, Trainee, StageChange]
        tables += [User, Membership]
        with connection.cursor() as cursor:
            # Ids are given here, from the highest one on: nobody else may insert meanwhile.
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        self.next_id = {
            model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for model in tables
        }
        self.load_places()
        steps = [
            ("organisations", self.organisations),
            ("curator", self.curator),
            ("agreements", self.agreements),
            ("cohorts", self.cohorts),
            ("trainees", self.trainees),
            ("users", self.users),
        ]
        for label, step in steps:
            started = time.perf_counter()
            step()
            self.log(f"  {label:<14} {time.perf_counter() - started:6.1f} s")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        return self.counts

    def load_places(self):
        self.provinces = list(Province.objects.order_by("code").values_list("id", "code", "name"))
        self.province_weights = list(
            itertools.accumulate(PROVINCE_WEIGHTS.get(code, 50) for _, code, _ in self.provinces)
        )
        self.regencies = defaultdict(list)  # province id -> [(id, name, place)]
        self.regency_by_name = {}
        for pk, province_id, name in Regency.objects.order_by("code").values_list(
            "id", "province_id", "name"
        ):
            place = name.removeprefix("Kabupaten ").replace("Kota Administrasi ", "")
            place = place.removeprefix("Administrasi ")
            self.regencies[province_id].append((pk, name, place))
            self.regency_by_name[name] = (pk, province_id, place)
        self.prefectures = list(
            Prefecture.objects.order_by("code").values_list("id", "code", "name", "name_ja")
        )
        self.prefecture_weights = list(
            itertools.accumulate(
                3 if code in INDUSTRIAL_PREFECTURES else 1 for _, code, _, _ in self.prefectures
            )
        )
        self.programmes = list(
            Programme.objects.order_by("position", "pk").values_list("id", "code", "is_domestic")
        )
        self.programme_by_code = {code: pk for pk, code, _ in self.programmes}
        self.domestic = {pk for pk, _, domestic in self.programmes if domestic}
        self.programme_code = {pk: code for pk, code, _ in self.programmes}

    def province(self):
        return self.rng.choices(self.provinces, cum_weights=self.province_weights)[0]

    def prefecture(self):
        return self.rng.choices(self.prefectures, cum_weights=self.prefecture_weights)[0]

    # -- organisations -----------------------------------------------------------------------

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

    # -- accounts ----------------------------------------------------------------------------

    def curator(self):
        """The curator first: agreements name who verified them."""
        self.password = make_password(PASSWORD)  # hashed once, shared by every bulk account
        self.user_table = Table(
            User,
            [
                "id",
                "password",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "date_joined",
            ],
            now=self.now,
            history_date="date_joined",
        )
        (self.curator_id,) = self.next_ids(User, 1)
        joined = self.now - datetime.timedelta(days=1200)
        self.write(
            self.user_table,
            [
                (
                    self.curator_id,
                    self.password,
                    f"{PREFIX}curator",
                    "Kurator",
                    "Bulk",
                    f"{PREFIX}curator@bulk.example",
                    True,
                    joined,
                )
            ],
        )
        User.objects.get(pk=self.curator_id).groups.add(curator_group())

    def users(self):
        rows, memberships = [], []
        joined = self.now - datetime.timedelta(days=30)
        institutions = [
            pk for pk, _ in sorted(self.cohorts_run.items(), key=lambda i: (-i[1], i[0]))
        ]
        heads = min(len(institutions), math.ceil(self.user_count * 0.7))
        accounts = [
            ("head", f"{PREFIX}head-{n:05d}", institutions[n - 1]) for n in range(1, heads + 1)
        ]
        accounts += [
            ("staff", f"{PREFIX}staff-{n:05d}", institutions[(n - 1) % heads])
            for n in range(1, self.user_count - heads + 1)
            if heads
        ]
        accounts += [("official", f"{PREFIX}official-{code}", pk) for pk, code, _ in self.provinces]
        user_ids = self.next_ids(User, len(accounts))
        membership_ids = self.next_ids(Membership, len(accounts))
        for (role, username, scope), user_id, membership_id in zip(
            accounts, user_ids, membership_ids, strict=True
        ):
            first, _, last = self.person_name().rpartition(" ")
            rows.append(
                (
                    user_id,
                    self.password,
                    username,
                    first,
                    last,
                    f"{username}@bulk.example",
                    False,
                    joined,
                )
            )
            organisation, province = (None, scope) if role == "official" else (scope, None)
            memberships.append((membership_id, role, joined, organisation, province, user_id))
        self.write(self.user_table, rows)
        table = Table(
            Membership,
            ["id", "role", "created_at", "organisation_id", "province_id", "user_id"],
            now=self.now,
            history_date="created_at",
        )
        self.write(table, memberships)
        self.accounts = [("curator", f"{PREFIX}curator", None), *accounts]

    def account_summary(self):
        """(username or range, what it is) for the command's output."""
        lines = []
        for role, label in (
            ("curator", "curator (staff, group Kurator)"),
            ("head", "heads of the institutions that run the most cohorts"),
            ("staff", "staff of the same institutions"),
            ("official", "one official per province (province code)"),
        ):
            names = [username for kind, username, _ in self.accounts if kind == role]
            if names:
                shown = names[0] if len(names) == 1 else f"{names[0]} .. {names[-1]}"
                lines.append((shown, label))
        return lines

    # -- agreements and events ---------------------------------------------------------------

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

    def events(self, agreement_count):
        """The national forum and smaller events; returns ({id: (name, date, venue)}, the event
        of each agreement signed at one, in order)."""
        rng = self.rng
        rows, events, slots = [], {}, []
        forum_venue, regency_name = FORUM_VENUE
        regency = self.regency_by_name.get(regency_name)
        taken = set(Event.objects.values_list("name", "date"))
        room = max(0, agreement_count - len(STATUS_WEIGHTS))
        forum_count = min(self.count("forum_agreements"), room // 3)
        forum_regency = regency and regency[0]
        plans = [(*FORUM, "forum", forum_venue, forum_regency, forum_count)]
        first, last = datetime.date(2016, 1, 1).toordinal(), self.today.toordinal() - 14
        patterns = (
            ("signing", "Penandatanganan Kerja Sama Pemagangan {place} {year}"),
            ("forum", "Temu Bisnis Vokasi {place} {year}"),
            ("launch", "Peluncuran Kelas Industri {place} {year}"),
        )
        for _ in range(self.count("events")):
            province = self.province()
            regency_id, regency_full, place = rng.choice(self.regencies[province[0]])
            kind, pattern = rng.choice(patterns)
            day = self.date(rng.randint(first, last))
            plans.append(
                (
                    pattern.format(place=place, year=day.year),
                    day,
                    kind,
                    f"Aula {regency_full}",
                    regency_id,
                    rng.randint(3, 25),
                )
            )
        # And next year's national forum, planned: nothing is signed there yet.
        day = self.today + datetime.timedelta(days=45)
        name = FORUM[0].removesuffix(str(FORUM[1].year)) + str(day.year)
        plans.append((name, day, "forum", forum_venue, forum_regency, 0))
        ids = iter(self.next_ids(Event, len(plans)))
        for name, day, kind, venue, regency_id, agreements in plans:
            if (name, day) in taken:
                continue
            taken.add((name, day))
            agreements = min(agreements, room - len(slots))
            pk = next(ids)
            rows.append(
                (pk, name, kind, day, venue, regency_id, f"{agreements} perjanjian ditandatangani.")
            )
            events[pk] = (name, day, venue)
            slots += [pk] * agreements
        self.write(
            Table(
                Event,
                ["id", "name", "kind", "date", "venue", "regency_id", "summary"],
                now=self.now,
            ),
            rows,
        )
        rng.shuffle(slots)
        return events, slots

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

    # -- cohorts -----------------------------------------------------------------------------

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

    # -- trainees and their timelines --------------------------------------------------------

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
            ["id", "trainee_id", "stage", "date", "note", "recorded_at"],
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
                changes.append((change_id, trainee, step, self.date(day), note, self.moment(day)))
                change_id += 1
        self.next_id[StageChange] = change_id


def lpk_name(rng):
    words = (rng.choice(LPK_FIRST), rng.choice(LPK_SECOND), rng.choice(LPK_THIRD))
    return " ".join(["LPK", *dict.fromkeys(w for w in words if w)])


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


def positive_scale(value):
    """An argparse type for --scale: a fraction or a multiple of the national size, up to 20."""
    scale = float(value)
    if not 0 < scale <= 20:
        raise ValueError(value)
    return scale
