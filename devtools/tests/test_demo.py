import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from devtools.demo import DEMO_PASSWORD
from partnerships.models import Event, Figure, Organisation, Person, Position, Source
from portal.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: each test loads the whole demo

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

MODELS = [Organisation, Person, Position, Source, Event, Figure, User]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "members": Organisation.members.through.objects.count(),
        "participants": Event.participants.through.objects.count(),
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_loading_twice_creates_no_duplicates(demo, settings):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert first["Organisation"] == 39


def test_every_named_organisation_and_person_is_there(demo):
    for name in [
        "SMKN 1 Rejang Lebong",
        "SMKN 1 Kepahiang",
        "SMKN 4 Rejang Lebong",
        "SMKN 3 Bengkulu Selatan",
        "SMKN 5 Kota Bengkulu",
        "SMKN 5 Bengkulu Utara",
        "LPK Mulia Mandiri Abadi",
        "LPK Gaia Internasional",
        "Balai Besar Pelatihan Vokasi dan Produktivitas Serang",
        "Balai Besar Pelatihan Vokasi dan Produktivitas Bekasi",
        "Pemerintah Provinsi Bengkulu",
        "Pemerintah Provinsi Banten",
        "Dinas Tenaga Kerja Provinsi Banten",
        "Dinas Pendidikan Provinsi Banten",
        "Kementerian Ketenagakerjaan Republik Indonesia",
        "Kementerian Sosial Republik Indonesia",
        "Asosiasi Permagangan Luar Negeri",
        "Forum Komunikasi Lembaga Pelatihan Industri",
        "JOE Cooperative",
        "Pemerintah Prefektur Miyagi",
    ]:
        assert Organisation.objects.filter(name=name).exists(), name
    assert Organisation.objects.filter(short_name="IM Japan", prefecture__code="13").exists()
    assert Organisation.objects.filter(kind="industry").count() == 15
    association = Organisation.objects.get(slug="asosiasi-smk-bengkulu-magang-jepang")
    assert association.members.count() == 6

    people = set(Person.objects.values_list("name", flat=True))
    assert people == {
        "Herwan Antoni",
        "Asep Suparman",
        "Andra Soni",
        "Adi Nugroho",
        "Agung Nur Mohammad",
        "Hasustan Kosim",
        "Anwar Sanusi",
        "Yoshihiro Murai",
    }


def test_dates_and_figures_from_the_articles(demo):
    dates = {str(d) for d in Event.objects.values_list("date", flat=True)}
    assert {"2025-07-11", "2025-07-12", "2025-08-27", "2024-11-14", "2024-09-07"} <= dates
    figures = {(f.organisation.slug, f.metric): f.value for f in Figure.objects.all()}
    assert figures[("im-japan", "participants_sent")] == 52440
    assert figures[("im-japan", "participants_in_japan")] == 6365
    assert figures[("joe-cooperative", "participants_sent")] == 160
    assert figures[("asosiasi-smk-bengkulu-magang-jepang", "candidates_in_training")] == 28
    assert figures[("ditjen-binalavotas", "alumni_placed_rate")] == 54
    assert figures[("ditjen-binalavotas", "alumni_entrepreneur_rate")] == 6
    assert figures[("fklpi", "agreements_target")] == 300


def test_invented_data_is_marked_as_demo(demo):
    assert Organisation.objects.get(slug="smkn-1-rejang-lebong").is_demo  # invented NPSN
    assert not Organisation.objects.get(slug="prefektur-miyagi").is_demo


def test_demo_accounts_can_log_in(demo, client):
    expected = {
        "kurator": (True, set()),
        "kepala.smkn1rl": (
            False,
            {
                ("head", "smkn-1-rejang-lebong", None),
                ("staff", "asosiasi-smk-bengkulu-magang-jepang", None),
            },
        ),
        "staf.lpkmma": (False, {("staff", "lpk-mulia-mandiri-abadi", None)}),
        "staf.mitrajepang": (False, {("staff", "mitra-industri-jepang-fiktif", None)}),
        "pejabat.bengkulu": (False, {("official", None, "17")}),
    }
    for username, (is_staff, memberships) in expected.items():
        user = User.objects.get(username=username)
        assert user.is_staff == is_staff
        assert {
            (m.role, m.organisation and m.organisation.slug, m.province and m.province.code)
            for m in user.memberships.all()
        } == memberships
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert response.wsgi_request.user == user
        client.logout()


def test_curator_reaches_the_admin(demo, client):
    client.post(reverse("login"), {"username": "kurator", "password": DEMO_PASSWORD})
    response = client.get(reverse("admin:partnerships_school_changelist"))
    assert response.status_code == 200
    assert "SMKN 5 Bengkulu Utara" in response.content.decode()
    # Curators lift login lockouts and manage accounts.
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_user_add")).status_code == 200


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.filter(username="kurator").exists()


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed articles are outside this checkout")
def test_every_person_named_in_the_seeds_is_loaded(demo):
    text = " ".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    for person in Person.objects.all():
        assert person.name in text


def test_every_agreement_the_articles_mention(demo, client):
    from partnerships.models import Agreement

    def parties(agreement):
        return {party.organisation.slug for party in agreement.parties.all()}

    joe = Agreement.objects.get(number="DEMO/KEMNAKER-JOE-AP2LN/2022")
    assert parties(joe) == {"kemnaker", "joe-cooperative", "ap2ln"}
    assert (joe.quota, joe.quota_period, str(joe.signed_on)) == (160, "year", "2022-11-28")
    im_japan = Agreement.objects.get(number="DEMO/KEMNAKER-IMJAPAN/1993")
    assert parties(im_japan) == {"kemnaker", "im-japan"}
    assert (im_japan.signed_on.year, im_japan.signed_on_precision) == (1993, "year")
    forum = Agreement.objects.filter(event__date="2024-11-14")
    assert forum.count() == 15
    assert {slug for a in forum for slug in parties(a)} >= {"ditjen-binalavotas", "fklpi"}
    bengkulu = Agreement.objects.get(number="DEMO/SMK-BENGKULU-LPK/2025")
    assert {"lpk-mulia-mandiri-abadi", "gaia-internasional", "smkn-1-rejang-lebong"} <= parties(
        bengkulu
    )
    # Seed 000: SMKN 1 Rejang Lebong and its (unnamed) Japanese industry partner.
    japan = Agreement.objects.get(number="DEMO/SMKN1RL-MITRA-JEPANG/2025")
    assert parties(japan) == {"smkn-1-rejang-lebong", "mitra-industri-jepang-fiktif"}
    assert (str(japan.signed_on), japan.signed_on_precision) == ("2025-07-01", "month")
    assert japan.is_demo
    banten = Agreement.objects.get(number="DEMO/PEMPROV-BANTEN-BBPVP/2025")
    assert parties(banten) >= {"pemprov-banten", "bbpvp-serang"}
    assert banten.status == Agreement.Status.DRAFT

    # Every demo agreement page opens.
    for agreement in Agreement.objects.all():
        assert client.get(agreement.get_absolute_url()).status_code == 200


def test_the_demo_head_changes_their_school_and_not_another(demo, client):
    from partnerships.models import Organisation

    client.post(reverse("login"), {"username": "kepala.smkn1rl", "password": DEMO_PASSWORD})
    own = Organisation.objects.get(slug="smkn-1-rejang-lebong")
    response = client.post(
        reverse("partnerships:organisation-edit", args=[own.slug]),
        {"phone": "0732 24001", "seen_version": own.version},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.phone == "0732 24001"
    assert own.history.first().history_user.username == "kepala.smkn1rl"
    for slug in ["smkn-1-kepahiang", "bbpvp-serang"]:
        other = Organisation.objects.get(slug=slug)
        url = reverse("partnerships:organisation-edit", args=[slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {"phone": "1", "seen_version": other.version}).status_code == 404


def test_the_demo_official_reads_bengkulu_and_changes_nothing(demo, client):
    client.post(reverse("login"), {"username": "pejabat.bengkulu", "password": DEMO_PASSWORD})
    school = reverse("partnerships:organisation-history", args=["smkn-1-kepahiang"])
    assert client.get(school).status_code == 200
    edit = reverse("partnerships:organisation-edit", args=["smkn-1-kepahiang"])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"phone": "1", "seen_version": 1}).status_code == 403
    banten = reverse("partnerships:organisation-history", args=["bbpvp-serang"])
    assert client.get(banten).status_code == 404
    page = client.get(reverse("pages:workspace")).content.decode()
    assert "Bengkulu" in page


def test_the_demo_cohorts_of_the_seed_articles(demo):
    from trainees.models import Cohort, Stage, Trainee

    bengkulu = Cohort.objects.get(name="Kelas Industri Jepang Bengkulu")
    assert bengkulu.trainees.count() == 28
    assert bengkulu.start_date == datetime.date(2025, 7, 12)
    assert bengkulu.trainees.values("home_institution").distinct().count() == 6
    joe = Cohort.objects.get(intake_year=2022)
    assert joe.trainees.count() == 160
    assert joe.agreements.get().number == "DEMO/KEMNAKER-JOE-AP2LN/2022"
    assert all(t.full_name.split()[1] == "Fiktif" for t in Trainee.objects.all())
    assert not Trainee.objects.exclude(nisn=None).exists()
    assert Trainee.objects.filter(stage=Stage.RETURNED).count() == 20
    # Loading again adds nobody.
    call_command("load_demo", verbosity=0)
    assert Trainee.objects.count() == 188
