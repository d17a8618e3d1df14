"""Demo data: every organisation, person, place, date and figure named in the five seed articles
(shared/seeds/), plus the demo accounts that `make run` prints.

What the articles do not give (NPSNs, licence numbers, the names of the 15 FKLPI industries, some
addresses) is invented plausibly, and the record is flagged `is_demo`. Loading is idempotent: each
record is found by its natural key and updated, never duplicated.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management import CommandError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from partnerships.models import (
    Agreement,
    AgreementParty,
    Event,
    Figure,
    Organisation,
    Person,
    Position,
    Programme,
    Source,
)
from portal.models import Membership, Prefecture, Province, Regency, User
from trainees.demo import load_cohorts

DEMO_PASSWORD = "portal-demo-2025"

K = Organisation.Kind
C = Organisation.Category

# key -> (publisher, title, published_on, note)
SOURCES = {
    "bengkulu": (
        "infosumatera.com",
        "Pemprov Bengkulu terima audiensi SMKN 1 Rejang Lebong dan mitra industri Jepang",
        datetime.date(2025, 7, 11),
        "Judul ringkas dari isi berita; peluncuran Kelas Industri Jepang dijadwalkan 12 Juli 2025.",
    ),
    "banten": (
        "TangerangNews.com",
        "Perluas Pelatihan Vokasi, Pemprov Banten Dorong Program Magang di Luar Negeri",
        datetime.date(2025, 8, 27),
        "",
    ),
    "fklpi": (
        "Reportika",
        "15 Industri Pelatihan Dan Penandatanganan Kerjasama Bersama Kementrian Ketenaga Kerja",
        datetime.date(2024, 11, 14),
        "Tanggal terbit mengikuti tanggal acara.",
    ),
    "joe": (
        "SINDOnews.com",
        "Gandeng Perusahaan Jepang, Kemnaker Perluas Akses Magang ke Luar Negeri",
        datetime.date(2022, 11, 28),
        "",
    ),
    "miyagi": (
        "saranginews.com (jpnn)",
        "Sekjen Kemnaker sambut kunjungan Gubernur Prefektur Miyagi ke BBPVP Bekasi",
        datetime.date(2024, 9, 7),
        "Judul ringkas dari isi berita.",
    ),
}

# Each organisation: slug -> fields. "province"/"regency"/"prefecture" are official codes.
ORGANISATIONS = {
    # Government bodies
    "kemnaker": {
        "name": "Kementerian Ketenagakerjaan Republik Indonesia",
        "short_name": "Kemnaker",
        "kind": K.GOVERNMENT,
        "category": C.NATIONAL,
        "province": "31",
        "regency": "31.74",
        "address": "Jl. Jend. Gatot Subroto Kav. 51, Jakarta Selatan",
        "website": "https://kemnaker.go.id",
        "description": "Kementerian yang membina pelatihan vokasi dan pemagangan, termasuk ke "
        "Jepang. "
        "Bekerja sama dengan IM Japan sejak 1993.",
    },
    "ditjen-binalavotas": {
        "name": "Direktorat Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas",
        "short_name": "Ditjen Binalavotas",
        "kind": K.GOVERNMENT,
        "category": C.NATIONAL,
        "parent": "kemnaker",
        "province": "31",
        "regency": "31.74",
        "description": "Direktorat jenderal Kemnaker yang membina balai latihan kerja (BLK/BBPVP).",
    },
    "kemensos": {
        "name": "Kementerian Sosial Republik Indonesia",
        "short_name": "Kemensos",
        "kind": K.GOVERNMENT,
        "category": C.NATIONAL,
        "province": "31",
        "regency": "31.71",
        "website": "https://kemensos.go.id",
        "description": "Penggagas Sekolah Rakyat (SR) di kawasan BBPVP Serang.",
    },
    "pemprov-bengkulu": {
        "name": "Pemerintah Provinsi Bengkulu",
        "short_name": "Pemprov Bengkulu",
        "kind": K.GOVERNMENT,
        "category": C.PROVINCIAL,
        "province": "17",
        "regency": "17.71",
        "website": "https://bengkuluprov.go.id",
    },
    "pemprov-banten": {
        "name": "Pemerintah Provinsi Banten",
        "short_name": "Pemprov Banten",
        "kind": K.GOVERNMENT,
        "category": C.PROVINCIAL,
        "province": "36",
        "regency": "36.73",
        "website": "https://bantenprov.go.id",
    },
    "disnaker-banten": {
        "name": "Dinas Tenaga Kerja Provinsi Banten",
        "short_name": "Disnaker Banten",
        "kind": K.GOVERNMENT,
        "category": C.PROVINCIAL,
        "parent": "pemprov-banten",
        "province": "36",
        "regency": "36.73",
        "description": "Ditugasi Gubernur memperkuat koordinasi dengan BBPVP Serang.",
    },
    "dindik-banten": {
        "name": "Dinas Pendidikan Provinsi Banten",
        "short_name": "Dindik Banten",
        "kind": K.GOVERNMENT,
        "category": C.PROVINCIAL,
        "parent": "pemprov-banten",
        "province": "36",
        "regency": "36.73",
        "description": "Dilibatkan agar siswa SMK di Banten mendapat magang terstruktur.",
    },
    # Training centres
    "bbpvp-serang": {
        "name": "Balai Besar Pelatihan Vokasi dan Produktivitas Serang",
        "short_name": "BBPVP Serang",
        "kind": K.TRAINING_CENTRE,
        "category": C.BBPVP,
        "parent": "ditjen-binalavotas",
        "province": "36",
        "regency": "36.73",
        "description": "Pelatihan berbasis proyek, agroforestri, pemagangan ke Jepang, dan "
        "kerja sama "
        "penempatan PMI, antara lain ke Korea Selatan.",
    },
    "bbpvp-bekasi": {
        "name": "Balai Besar Pelatihan Vokasi dan Produktivitas Bekasi",
        "short_name": "BBPVP Bekasi",
        "kind": K.TRAINING_CENTRE,
        "category": C.BBPVP,
        "parent": "ditjen-binalavotas",
        "province": "32",
        "regency": "32.75",
        "description": "Disebut dalam sumber sebagai balai besar pelatihan Jawa Barat di Bekasi.",
    },
    "lpk-mulia-mandiri-abadi": {
        "name": "LPK Mulia Mandiri Abadi",
        "kind": K.TRAINING_CENTRE,
        "category": C.LPK_SO,
        "licence_number": "DEMO-LPK-1771-001",
        "province": "17",
        "regency": "17.71",
        "is_demo": True,
        "description": "Mitra enam SMK Bengkulu dalam menyiapkan siswa magang ke Jepang. "
        "Nomor izin dan tempat adalah data demo.",
    },
    "gaia-internasional": {
        "name": "LPK Gaia Internasional",
        "short_name": "Gaia Internasional",
        "kind": K.TRAINING_CENTRE,
        "category": C.LPK_SO,
        "licence_number": "DEMO-LPK-3175-002",
        "province": "31",
        "regency": "31.75",
        "is_demo": True,
        "description": "Mitra enam SMK Bengkulu dalam menyiapkan siswa magang ke Jepang. "
        "Nomor izin dan tempat adalah data demo.",
    },
    # Schools (NPSNs are invented: the articles give none)
    "smkn-1-rejang-lebong": {
        "name": "SMKN 1 Rejang Lebong",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700101",
        "province": "17",
        "regency": "17.02",
        "is_demo": True,
        "description": "Penyelenggara Kelas Industri Jepang, diluncurkan 12 Juli 2025.",
    },
    "smkn-1-kepahiang": {
        "name": "SMKN 1 Kepahiang",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700102",
        "province": "17",
        "regency": "17.08",
        "is_demo": True,
    },
    "smkn-4-rejang-lebong": {
        "name": "SMKN 4 Rejang Lebong",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700103",
        "province": "17",
        "regency": "17.02",
        "is_demo": True,
    },
    "smkn-3-bengkulu-selatan": {
        "name": "SMKN 3 Bengkulu Selatan",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700104",
        "province": "17",
        "regency": "17.01",
        "is_demo": True,
    },
    "smkn-5-kota-bengkulu": {
        "name": "SMKN 5 Kota Bengkulu",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700105",
        "province": "17",
        "regency": "17.71",
        "is_demo": True,
    },
    "smkn-5-bengkulu-utara": {
        "name": "SMKN 5 Bengkulu Utara",
        "kind": K.SCHOOL,
        "category": C.SMK,
        "npsn": "10700106",
        "province": "17",
        "regency": "17.03",
        "is_demo": True,
    },
    # Associations and forums
    "asosiasi-smk-bengkulu-magang-jepang": {
        "name": "Asosiasi SMK Bengkulu untuk Magang Jepang",
        "kind": K.ASSOCIATION,
        "category": C.ASSOCIATION,
        "province": "17",
        "regency": "17.02",
        "is_demo": True,
        "description": "Asosiasi enam SMK di Provinsi Bengkulu untuk mengembangkan program "
        "magang ke "
        "Jepang. Sumber tidak menyebut nama asosiasi: nama ini data demo.",
    },
    "ap2ln": {
        "name": "Asosiasi Permagangan Luar Negeri",
        "short_name": "AP2LN",
        "kind": K.ASSOCIATION,
        "category": C.ASSOCIATION,
        "province": "31",
        "regency": "31.74",
        "is_demo": True,
        "description": "Asosiasi penyelenggara pemagangan luar negeri. Alamat adalah data demo.",
    },
    "fklpi": {
        "name": "Forum Komunikasi Lembaga Pelatihan Industri",
        "short_name": "FKLPI",
        "kind": K.ASSOCIATION,
        "category": C.FORUM,
        "province": "32",
        "regency": "32.75",
        "is_demo": True,
        "description": "Wadah lembaga pelatihan dan industri. Kepengurusan dikukuhkan 14 November "
        "2024. Alamat adalah data demo.",
    },
    # Japanese partners
    "joe-cooperative": {
        "name": "JOE Cooperative",
        "kind": K.JAPANESE_PARTNER,
        "category": C.SUPERVISING_ORGANISATION,
        "prefecture": "13",
        "is_demo": True,
        "description": "Memberi subsidi pendidikan kepada LPK/SO untuk pelatihan lanjutan sebelum "
        "keberangkatan alumni BLK ke Jepang. Prefektur adalah data demo.",
    },
    "im-japan": {
        "name": "IM Japan (International Manpower Development Organization, Japan)",
        "short_name": "IM Japan",
        "kind": K.JAPANESE_PARTNER,
        "category": C.PUBLIC_FOUNDATION,
        "name_ja": "公益財団法人国際人材育成機構",
        "prefecture": "13",
        "description": "Mitra Kemnaker sejak 1993 untuk pemagangan di Jepang dengan pelatihan "
        "pra-keberangkatan.",
    },
    "prefektur-miyagi": {
        "name": "Pemerintah Prefektur Miyagi",
        "short_name": "Prefektur Miyagi",
        "kind": K.JAPANESE_PARTNER,
        "category": C.PREFECTURAL_GOVERNMENT,
        "name_ja": "宮城県",
        "prefecture": "04",
    },
}

# The 15 industries that signed at the FKLPI forum on 14 November 2024. The article does not
# name them: these names and places are invented for the demo.
FKLPI_INDUSTRIES = [
    ("PT Cikarang Presisi Manufaktur", "32.16"),
    ("PT Bekasi Otomotif Komponen", "32.75"),
    ("PT Karawang Elektronika Nusantara", "32.15"),
    ("PT Harapan Indah Garmen", "32.75"),
    ("PT Mitra Logistik Bekasi", "32.75"),
    ("PT Cibitung Plastik Mandiri", "32.16"),
    ("PT Sentra Pangan Bekasi", "32.16"),
    ("PT Tambun Kimia Utama", "32.16"),
    ("PT Cikarang Mesin Teknik", "32.16"),
    ("PT Bantar Gebang Daur Ulang", "32.75"),
    ("PT Karawang Baja Ringan", "32.15"),
    ("PT Nusantara Las Teknik", "32.75"),
    ("PT Pondok Gede Perhotelan", "32.75"),
    ("PT Setu Agro Industri", "32.16"),
    ("PT Mustikajaya Furnitur", "32.75"),
]
for _name, _regency in FKLPI_INDUSTRIES:
    ORGANISATIONS[slugify(_name)] = {
        "name": _name,
        "kind": K.INDUSTRY,
        "category": C.COMPANY,
        "province": "32",
        "regency": _regency,
        "is_demo": True,
        "description": "Satu dari 15 industri yang menandatangani kerja sama pada forum FKLPI, "
        "14 November 2024. Sumber tidak menyebut namanya: nama dan tempat adalah data demo.",
    }
FKLPI_INDUSTRY_SLUGS = [slugify(name) for name, _ in FKLPI_INDUSTRIES]

BENGKULU_SCHOOLS = [
    "smkn-1-rejang-lebong",
    "smkn-1-kepahiang",
    "smkn-4-rejang-lebong",
    "smkn-3-bengkulu-selatan",
    "smkn-5-kota-bengkulu",
    "smkn-5-bengkulu-utara",
]
MEMBERS = {"asosiasi-smk-bengkulu-magang-jepang": BENGKULU_SCHOOLS}

# slug -> (name, Japanese name, [(organisation, title, as_of, source)])
PEOPLE = {
    "herwan-antoni": (
        "Herwan Antoni",
        "",
        [
            (
                "pemprov-bengkulu",
                "Penjabat Sekretaris Daerah Provinsi Bengkulu",
                datetime.date(2025, 7, 11),
                "bengkulu",
            )
        ],
    ),
    "asep-suparman": (
        "Asep Suparman",
        "",
        [("smkn-1-rejang-lebong", "Kepala Sekolah", datetime.date(2025, 7, 11), "bengkulu")],
    ),
    "andra-soni": (
        "Andra Soni",
        "",
        [("pemprov-banten", "Gubernur Banten", datetime.date(2025, 8, 27), "banten")],
    ),
    "adi-nugroho": (
        "Adi Nugroho",
        "",
        [("bbpvp-serang", "Kepala BBPVP Serang", datetime.date(2025, 8, 27), "banten")],
    ),
    "agung-nur-mohammad": (
        "Agung Nur Mohammad",
        "",
        [
            (
                "ditjen-binalavotas",
                "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas",
                datetime.date(2024, 11, 14),
                "fklpi",
            )
        ],
    ),
    "hasustan-kosim": (
        "Hasustan Kosim",
        "",
        [("fklpi", "Ketua FKLPI", datetime.date(2024, 11, 14), "fklpi")],
    ),
    "anwar-sanusi": (
        "Anwar Sanusi",
        "",
        [("kemnaker", "Sekretaris Jenderal", datetime.date(2024, 9, 7), "miyagi")],
    ),
    "yoshihiro-murai": (
        "Yoshihiro Murai",
        "村井嘉浩",
        [("prefektur-miyagi", "Gubernur Prefektur Miyagi", datetime.date(2024, 9, 7), "miyagi")],
    ),
}

# (name, kind, date, venue, regency, participants, source, summary)
EVENTS = [
    (
        "Audiensi SMKN 1 Rejang Lebong dan mitra industri Jepang dengan Pemprov Bengkulu",
        Event.Kind.MEETING,
        datetime.date(2025, 7, 11),
        "Ruang Kerja Sekretaris Daerah Provinsi Bengkulu",
        "17.71",
        ["pemprov-bengkulu", "smkn-1-rejang-lebong"],
        "bengkulu",
        "Persiapan peluncuran Kelas Industri Jepang; Pemprov mendukung penuh.",
    ),
    (
        "Peluncuran Kelas Industri Jepang SMKN 1 Rejang Lebong",
        Event.Kind.LAUNCH,
        datetime.date(2025, 7, 12),
        "SMKN 1 Rejang Lebong",
        "17.02",
        [
            *BENGKULU_SCHOOLS,
            "asosiasi-smk-bengkulu-magang-jepang",
            "lpk-mulia-mandiri-abadi",
            "gaia-internasional",
        ],
        "bengkulu",
        "Kelas industri hasil kolaborasi enam SMK di Provinsi Bengkulu.",
    ),
    (
        "Koordinasi Pemprov Banten dengan BBPVP Serang",
        Event.Kind.MEETING,
        datetime.date(2025, 8, 27),
        "Pendopo Gubernur Banten",
        "36.73",
        ["pemprov-banten", "bbpvp-serang", "disnaker-banten", "dindik-banten"],
        "banten",
        "Perluasan pelatihan vokasi hingga magang di luar negeri bagi masyarakat dan siswa SMK "
        "Banten.",
    ),
    (
        "Mulai beroperasinya Sekolah Rakyat di kawasan BBPVP Serang",
        Event.Kind.OPENING,
        datetime.date(2025, 9, 15),
        "Kawasan BBPVP Serang",
        "36.73",
        ["kemensos", "bbpvp-serang"],
        "banten",
        "Ditargetkan pertengahan September 2025: empat rombel (dua SD, dua SMP).",
    ),
    (
        "Forum Komunikasi Lembaga Pelatihan Industri (FKLPI) dan penandatanganan kerja sama",
        Event.Kind.FORUM,
        datetime.date(2024, 11, 14),
        "Ballroom Hotel Santika, Harapan Indah",
        "32.75",
        ["ditjen-binalavotas", "fklpi", *FKLPI_INDUSTRY_SLUGS],
        "fklpi",
        "15 industri menandatangani kerja sama; pengukuhan kepengurusan FKLPI.",
    ),
    (
        "Kunjungan Gubernur Prefektur Miyagi ke BBPVP Bekasi",
        Event.Kind.VISIT,
        datetime.date(2024, 9, 7),
        "BBPVP Bekasi",
        "32.75",
        ["kemnaker", "prefektur-miyagi", "bbpvp-bekasi", "im-japan"],
        "miyagi",
        "Sekjen Kemnaker menyambut Gubernur Miyagi Yoshihiro Murai.",
    ),
]

M = Figure.Metric
U = Figure.Unit
# (organisation, metric, value, value_max, unit, as_of, source, note)
FIGURES = [
    (
        "asosiasi-smk-bengkulu-magang-jepang",
        M.CANDIDATES_IN_TRAINING,
        "28",
        None,
        U.PEOPLE,
        datetime.date(2025, 7, 11),
        "bengkulu",
        "Siswa enam SMK yang mengikuti pelatihan dan seleksi calon peserta magang ke Jepang.",
    ),
    (
        "joe-cooperative",
        M.PARTICIPANTS_SENT,
        "160",
        None,
        U.PEOPLE,
        datetime.date(2022, 11, 28),
        "joe",
        "Peserta yang diberangkatkan ke Jepang sepanjang 2022 lewat program Kemnaker, JOE "
        "Cooperative dan AP2LN.",
    ),
    (
        "im-japan",
        M.PARTICIPANTS_SENT,
        "52440",
        None,
        U.PEOPLE,
        datetime.date(2023, 12, 31),
        "miyagi",
        "Peserta program Kemnaker dan IM Japan sejak 1993 hingga Desember 2023.",
    ),
    (
        "im-japan",
        M.PARTICIPANTS_IN_JAPAN,
        "6365",
        None,
        U.PEOPLE,
        datetime.date(2024, 9, 7),
        "miyagi",
        "Peserta yang berada di berbagai wilayah Jepang saat ini.",
    ),
    (
        "ditjen-binalavotas",
        M.ALUMNI_PLACED_RATE,
        "54",
        None,
        U.PERCENT,
        datetime.date(2024, 11, 14),
        "fklpi",
        "Kurang lebih; alumni lembaga pelatihan di bawah Ditjen.",
    ),
    (
        "ditjen-binalavotas",
        M.ALUMNI_ENTREPRENEUR_RATE,
        "6",
        None,
        U.PERCENT,
        datetime.date(2024, 11, 14),
        "fklpi",
        "Kurang lebih; sisanya kuliah atau belum bekerja.",
    ),
    (
        "fklpi",
        M.ALUMNI_PLACED,
        "90",
        None,
        U.PEOPLE,
        datetime.date(2024, 11, 14),
        "fklpi",
        "Orang yang sudah dikirim ke industri.",
    ),
    (
        "fklpi",
        M.AGREEMENTS_SIGNED,
        "95",
        None,
        U.AGREEMENTS,
        datetime.date(2024, 11, 14),
        "fklpi",
        "80 kerja sama sebelumnya, ditambah 15 industri pada forum ini.",
    ),
    (
        "fklpi",
        M.AGREEMENTS_TARGET,
        "300",
        None,
        U.AGREEMENTS,
        datetime.date(2024, 11, 14),
        "fklpi",
        "Target kerja sama yang disampaikan kepada Dirjen.",
    ),
    (
        "bbpvp-serang",
        M.LEARNING_GROUPS,
        "4",
        None,
        U.GROUPS,
        datetime.date(2025, 8, 27),
        "banten",
        "Sekolah Rakyat: dua rombel SD dan dua rombel SMP.",
    ),
    (
        "bbpvp-serang",
        M.CONSTRUCTION_PROGRESS,
        "90",
        "95",
        U.PERCENT,
        datetime.date(2025, 8, 27),
        "banten",
        "Progres pembangunan dan kesiapan Sekolah Rakyat.",
    ),
]

# username -> (first name, last name, is_staff, [(role, organisation slug or province code)])
M = Membership.Role
ACCOUNTS = {
    "kurator": ("Kurator", "Portal", True, []),
    # The head also works for the association that runs the Bengkulu Kelas Industri Jepang.
    "kepala.smkn1rl": (
        "Kepala",
        "SMKN 1 Rejang Lebong",
        False,
        [(M.HEAD, "smkn-1-rejang-lebong"), (M.STAFF, "asosiasi-smk-bengkulu-magang-jepang")],
    ),
    "staf.lpkmma": (
        "Staf",
        "LPK Mulia Mandiri Abadi",
        False,
        [(M.STAFF, "lpk-mulia-mandiri-abadi")],
    ),
    "pejabat.bengkulu": ("Pejabat", "Provinsi Bengkulu", False, [(M.OFFICIAL, "17")]),
}

CURATOR_GROUP = "Kurator"


def curator_group():
    """The curators' group, which migration portal 0007_curator_group creates with its
    permissions in every database; the demo only adds its curator to it."""
    group = Group.objects.filter(name=CURATOR_GROUP).first()
    if group is None:
        raise CommandError(
            f'The group "{CURATOR_GROUP}" is missing. Run "manage.py migrate": migration '
            "portal 0007_curator_group creates it."
        )
    return group


def _save(model, lookup, fields):
    """update_or_create, with the model's own validation before anything is written."""
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def load_demo():
    """Create or update the demo data; return the demo accounts as (username, role label)."""
    curators = curator_group()
    provinces = {p.code: p for p in Province.objects.all()}
    regencies = {r.code: r for r in Regency.objects.all()}
    prefectures = {p.code: p for p in Prefecture.objects.all()}

    sources = {
        key: _save(
            Source,
            {"publisher": publisher, "title": title},
            {"published_on": published_on, "note": note},
        )
        for key, (publisher, title, published_on, note) in SOURCES.items()
    }

    organisations = {}
    # Parents first: a unit refers to a body loaded before it (dicts keep insertion order).
    for slug, data in ORGANISATIONS.items():
        fields = dict(data)
        fields["province"] = provinces.get(fields.pop("province", None))
        fields["regency"] = regencies.get(fields.pop("regency", None))
        fields["prefecture"] = prefectures.get(fields.pop("prefecture", None))
        fields["parent"] = organisations.get(fields.pop("parent", None))
        fields.setdefault("is_demo", False)
        organisations[slug] = _save(Organisation, {"slug": slug}, fields)
    for slug, member_slugs in MEMBERS.items():
        organisations[slug].members.set(organisations[m] for m in member_slugs)

    for slug, (name, name_ja, positions) in PEOPLE.items():
        person = _save(Person, {"slug": slug}, {"name": name, "name_ja": name_ja})
        for organisation, title, as_of, source in positions:
            _save(
                Position,
                {"person": person, "organisation": organisations[organisation], "title": title},
                {"as_of": as_of, "source": sources[source]},
            )

    for name, kind, date, venue, regency, participants, source, summary in EVENTS:
        event = _save(
            Event,
            {"name": name, "date": date},
            {
                "kind": kind,
                "venue": venue,
                "regency": regencies[regency],
                "source": sources[source],
                "summary": summary,
            },
        )
        event.participants.set(organisations[slug] for slug in participants)

    for slug, metric, value, value_max, unit, as_of, source, note in FIGURES:
        _save(
            Figure,
            {"organisation": organisations[slug], "metric": metric, "as_of": as_of},
            {
                "value": Decimal(value),
                "value_max": Decimal(value_max) if value_max else None,
                "unit": unit,
                "source": sources[source],
                "note": note,
            },
        )

    load_agreements(organisations=organisations, sources=sources)
    load_cohorts()

    accounts = []
    for username, (first, last, is_staff, memberships) in ACCOUNTS.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@contoh.sekolah.id"
        user.is_staff = is_staff
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        if is_staff:
            user.groups.add(curators)
        user.memberships.all().delete()
        for role, scope in memberships:
            membership = Membership(
                user=user,
                role=role,
                organisation=organisations.get(scope) if role != M.OFFICIAL else None,
                province=provinces.get(scope) if role == M.OFFICIAL else None,
            )
            membership.full_clean()
            membership.save()
        roles = [str(m) for m in user.memberships.select_related("organisation", "province")]
        accounts.append((username, "; ".join(roles) or gettext("Curator (admin)")))
    return accounts


# The agreements the articles mention. Numbers and unknown dates are invented (is_demo).
# Each: (key, fields, programmes, [(organisation, role, person slug, signatory name, title,
#        signed_on, place)], event name or None)
D = datetime.date
A = Agreement.Kind
R = AgreementParty.Role
AGREEMENTS = [
    (
        "DEMO/KEMNAKER-IMJAPAN/1993",
        {
            "title": "Kerja sama pemagangan Kemnaker dan IM Japan",
            "kind": A.MOU,
            "summary": "Kerja sama sejak 1993: sistem pelatihan pra-keberangkatan dan pemagangan "
            "di Jepang. Hingga Desember 2023 sebanyak 52.440 peserta; 6.365 kini di Jepang.",
            "signed_on": D(1993, 1, 1),
            "signed_on_precision": "year",
            "effective_from": D(1993, 1, 1),
            "auto_renewal": True,
            "source": "miyagi",
        },
        ["technical-intern"],
        [
            ("kemnaker", R.FIRST, None, "", "", None, ""),
            ("im-japan", R.SECOND, None, "", "", None, ""),
        ],
        None,
    ),
    (
        "DEMO/KEMNAKER-JOE-AP2LN/2022",
        {
            "title": "Perluasan akses magang ke Jepang bagi alumni BLK",
            "kind": A.COOPERATION,
            "summary": "Kemnaker membiayai pelatihan di BLK; JOE Cooperative memberi subsidi "
            "pendidikan kepada LPK/SO untuk pelatihan lanjutan sebelum keberangkatan; program "
            "minim biaya bagi kandidat. 160 peserta sepanjang 2022.",
            "signed_on": D(2022, 11, 28),
            "effective_from": D(2022, 11, 28),
            "quota": 160,
            "quota_period": "year",
            "source": "joe",
        },
        ["technical-intern", "language-training"],
        [
            (
                "kemnaker",
                R.FIRST,
                "anwar-sanusi",
                "Anwar Sanusi",
                "Sekretaris Jenderal",
                D(2022, 11, 28),
                "Jakarta",
            ),
            ("joe-cooperative", R.SECOND, None, "", "", D(2022, 11, 28), "Jakarta"),
            ("ap2ln", R.THIRD, None, "", "", D(2022, 11, 28), "Jakarta"),
        ],
        None,
    ),
    (
        "DEMO/SMK-BENGKULU-LPK/2025",
        {
            "title": "Kerja sama enam SMK Bengkulu dengan LPK Mulia Mandiri Abadi dan Gaia "
            "Internasional",
            "kind": A.COOPERATION,
            "summary": "Persiapan siswa untuk magang di Jepang dan Kelas Industri Jepang di SMKN 1 "
            "Rejang Lebong; 28 siswa dalam pelatihan dan seleksi (Juli 2025).",
            "signed_on": D(2025, 7, 10),
            "effective_from": D(2025, 7, 12),
            "expires_on": D(2028, 7, 11),
            "source": "bengkulu",
        },
        ["industry-class", "technical-intern", "language-training"],
        [
            (
                "asosiasi-smk-bengkulu-magang-jepang",
                R.FIRST,
                "asep-suparman",
                "Asep Suparman",
                "Kepala SMKN 1 Rejang Lebong",
                D(2025, 7, 8),
                "Curup",
            ),
            *[(slug, R.PARTY, None, "", "", None, "") for slug in BENGKULU_SCHOOLS],
            ("lpk-mulia-mandiri-abadi", R.SECOND, None, "", "", D(2025, 7, 9), "Bengkulu"),
            ("gaia-internasional", R.THIRD, None, "", "", D(2025, 7, 10), "Jakarta"),
        ],
        None,
    ),
    (
        "DEMO/PEMPROV-BANTEN-BBPVP/2025",
        {
            "title": "Kesepakatan Pemprov Banten dan BBPVP Serang tentang pelatihan vokasi dan "
            "magang luar negeri",
            "kind": A.MOU,
            "summary": "Disepakati saat koordinasi 27 Agustus 2025: pelatihan berbasis proyek, "
            "agroforestri, pemagangan ke Jepang, penempatan PMI (antara lain ke Korea Selatan). "
            "Naskah belum ditandatangani.",
            "source": "banten",
        },
        ["technical-intern", "domestic-placement", "other"],
        [
            ("pemprov-banten", R.FIRST, "andra-soni", "Andra Soni", "Gubernur Banten", None, ""),
            (
                "bbpvp-serang",
                R.SECOND,
                "adi-nugroho",
                "Adi Nugroho",
                "Kepala BBPVP Serang",
                None,
                "",
            ),
            ("disnaker-banten", R.PARTY, None, "", "", None, ""),
            ("dindik-banten", R.PARTY, None, "", "", None, ""),
        ],
        None,
    ),
] + [
    (
        f"DEMO/FKLPI/2024/{index:02d}",
        {
            "title": f"Kerja sama pelatihan dan penempatan: Ditjen Binalavotas dan {name}",
            "kind": A.COOPERATION,
            "summary": "Ditandatangani pada forum FKLPI: kurikulum pelatihan sesuai kebutuhan "
            "industri dan penempatan alumni lembaga pelatihan.",
            "signed_on": D(2024, 11, 14),
            "effective_from": D(2024, 11, 14),
            "expires_on": D(2027, 11, 13),
            "source": "fklpi",
        },
        ["domestic-placement"],
        [
            (
                "ditjen-binalavotas",
                R.FIRST,
                "agung-nur-mohammad",
                "Agung Nur Mohammad",
                "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas",
                D(2024, 11, 14),
                "Kota Bekasi",
            ),
            (slugify(name), R.SECOND, None, "", "Direktur", D(2024, 11, 14), "Kota Bekasi"),
            (
                "fklpi",
                R.WITNESS,
                "hasustan-kosim",
                "Hasustan Kosim",
                "Ketua FKLPI",
                D(2024, 11, 14),
                "Kota Bekasi",
            ),
        ],
        "Forum Komunikasi Lembaga Pelatihan Industri (FKLPI) dan penandatanganan kerja sama",
    )
    for index, (name, _regency) in enumerate(FKLPI_INDUSTRIES, start=1)
]


def load_agreements(*, organisations, sources):
    people = {person.slug: person for person in Person.objects.all()}
    programmes = {programme.code: programme for programme in Programme.objects.all()}
    events = {event.name: event for event in Event.objects.all()}
    for number, fields, programme_codes, parties, event_name in AGREEMENTS:
        values = dict(fields)
        values["source"] = sources[values["source"]]
        values["event"] = events.get(event_name)
        values["is_demo"] = True
        agreement = _save(Agreement, {"number": number}, values)
        agreement.programmes.set(programmes[code] for code in programme_codes)
        for position, (slug, role, person, name, title, signed_on, place) in enumerate(parties):
            _save(
                AgreementParty,
                {"agreement": agreement, "organisation": organisations[slug]},
                {
                    "role": role,
                    "position": position,
                    "person": people.get(person),
                    "signatory_name": name,
                    "signatory_title": title,
                    "signed_on": signed_on,
                    "signed_at_place": place,
                },
            )
