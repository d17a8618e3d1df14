"""Shared fixtures and factory_boy factories for the whole suite."""

import datetime
import importlib
import os
from types import SimpleNamespace

import factory
import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from partnerships.models import Agreement, AgreementParty, Organisation, Programme
from portal.models import Membership, Prefecture, Province, User

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# The `queue` fixture (tasks stored for a real db_worker) for every app's tests.
pytest_plugins = ["portal.tests.workers"]


def pytest_collection_modifyitems(config, items):
    """Tests that drive Chromium (they ask for pytest-playwright's `page`, `context` or
    `browser`) are `browser` tests: make test runs them after the fast ones, make test-fast not
    at all."""
    for item in items:
        if {"page", "context", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; no traffic off this machine."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An Indonesian browser, as most visitors have: `/` follows Accept-Language, and the
    journeys read the Indonesian pages (tests of other languages set their own locale)."""
    return {**browser_context_args, "locale": "id-ID"}


class OrganisationFactory(DjangoModelFactory):
    """A school in Kabupaten Rejang Lebong unless told otherwise; traits give the other kinds."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"SMK Negeri {n} Contoh")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.SCHOOL
    category = Organisation.Category.SMK
    npsn = factory.Sequence(lambda n: f"{20000000 + n}")
    province = factory.LazyFunction(lambda: Province.objects.get(code="17"))
    regency = factory.LazyAttribute(lambda o: o.province.regencies.order_by("code").first())

    class Params:
        training_centre = factory.Trait(
            kind=Organisation.Kind.TRAINING_CENTRE,
            category=Organisation.Category.LPK,
            npsn=None,
            name=factory.Sequence(lambda n: f"LPK Contoh {n}"),
        )
        japanese = factory.Trait(
            kind=Organisation.Kind.JAPANESE_PARTNER,
            category=Organisation.Category.COMPANY,
            npsn=None,
            province=None,
            regency=None,
            prefecture=factory.LazyFunction(lambda: Prefecture.objects.get(code="13")),
            name=factory.Sequence(lambda n: f"Contoh Kabushiki Kaisha {n}"),
        )
        government = factory.Trait(
            kind=Organisation.Kind.GOVERNMENT,
            category=Organisation.Category.PROVINCIAL,
            npsn=None,
            name=factory.Sequence(lambda n: f"Dinas Contoh {n}"),
        )
        industry = factory.Trait(
            kind=Organisation.Kind.INDUSTRY,
            category=Organisation.Category.COMPANY,
            npsn=None,
            name=factory.Sequence(lambda n: f"PT Contoh Industri {n}"),
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def memberships(self, create, extracted, **kwargs):
        """memberships=[("head", organisation), ("official", province), ...]"""
        for role, scope in extracted or []:
            Membership.objects.create(
                user=self,
                role=role,
                organisation=scope if role != "official" else None,
                province=scope if role == "official" else None,
            )


@pytest.fixture
def organisation_factory(db):
    return OrganisationFactory


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def bengkulu(db):
    return Province.objects.get(code="17")


@pytest.fixture
def walls(db, bengkulu):
    """The people every protected view is tested with: the head and a staff member of a
    Bengkulu school (the owner), the head of another Bengkulu school, an official of Bengkulu,
    an official of Banten, and a curator; and the staff of a training centre and of a Japanese
    partner that a cohort may name as its partners."""
    banten = Province.objects.get(code="36")
    school = OrganisationFactory(name="SMK Pemilik", province=bengkulu)
    other_school = OrganisationFactory(name="SMK Tetangga", province=bengkulu)
    # Partners a cohort may name: a training centre (in another province) and a Japanese host.
    centre = OrganisationFactory(training_centre=True, name="LPK Mitra", province=banten)
    japanese = OrganisationFactory(japanese=True, name="Mitra Kabushiki Kaisha")
    return SimpleNamespace(
        school=school,
        other_school=other_school,
        centre=centre,
        japanese=japanese,
        centre_staff=UserFactory(username="lpk", memberships=[("staff", centre)]),
        host_staff=UserFactory(username="jepang", memberships=[("staff", japanese)]),
        owner=UserFactory(username="pemilik", memberships=[("head", school)]),
        staff=UserFactory(username="staf", memberships=[("staff", school)]),
        other=UserFactory(username="tetangga", memberships=[("head", other_school)]),
        official=UserFactory(username="pejabat", memberships=[("official", bengkulu)]),
        far_official=UserFactory(username="jauh", memberships=[("official", banten)]),
        curator=UserFactory(username="kurator", is_staff=True),
    )


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Perjanjian kerja sama {n}")
    number = factory.Sequence(lambda n: f"PKS/{n:04d}/2025")
    kind = Agreement.Kind.COOPERATION
    signed_on = datetime.date(2025, 1, 15)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """parties=[organisation, ...] adds them as first, second... party."""
        roles = [AgreementParty.Role.FIRST, AgreementParty.Role.SECOND]
        for position, organisation in enumerate(extracted or []):
            AgreementParty.objects.create(
                agreement=self,
                organisation=organisation,
                role=roles[position] if position < 2 else AgreementParty.Role.PARTY,
                position=position,
            )


@pytest.fixture
def agreement_factory(db):
    return AgreementFactory


@pytest.fixture
def reference_data(transactional_db):
    """Tests against the live server empty every table afterwards, the reference data that
    migrations loaded (places, programmes, the curators' group) included: load it again for the
    next one."""
    if not Province.objects.exists():
        importlib.import_module("portal.migrations.0002_load_places").load_places(apps, None)
    if not Programme.objects.exists():
        importlib.import_module("partnerships.migrations.0004_programmes").load(apps, None)
        for migration, function in [
            ("0006_programme_is_domestic", "mark_domestic"),
            ("0013_programme_names_per_language", "name"),
        ]:
            module = importlib.import_module(f"partnerships.migrations.{migration}")
            getattr(module, function)(apps, None)
    importlib.import_module("portal.migrations.0007_curator_group").grant(apps)


@pytest.fixture
def demo(reference_data, settings):
    """The demo data (devtools/demo/data) in a live-server test's database: what the browser
    journeys walk through. load_demo runs only with DEBUG on (its passwords are published)."""
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Indonesian: a request to /en/ leaves English active in the thread,
    and reverse() would then build /en/ URLs for the next test."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = "trainees.Cohort"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Angkatan {n}")
    institution = factory.SubFactory(OrganisationFactory)
    programme = factory.LazyFunction(lambda: Programme.objects.get(code="technical-intern"))
    intake_year = 2025


class TraineeFactory(DjangoModelFactory):
    class Meta:
        model = "trainees.Trainee"

    cohort = factory.SubFactory(CohortFactory)
    full_name = factory.Sequence(lambda n: f"Peserta Fiktif {n}")
    nisn = factory.Sequence(lambda n: f"{9000000000 + n}")
    sex = "F"
    birth_date = datetime.date(2008, 5, 17)
    home_institution = factory.LazyAttribute(lambda t: t.cohort.institution)
    stage_since = datetime.date(2025, 7, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through the service, as every trainee is registered: the first timeline step too."""
        from trainees import services

        cohort = kwargs.pop("cohort")
        (trainee,) = services.register_trainees(cohort=cohort, trainees=[model_class(**kwargs)])
        return trainee


@pytest.fixture
def cohort_factory(db):
    return CohortFactory


@pytest.fixture
def trainee_factory(db):
    return TraineeFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path_factory):
    """Uploads (documents, rosters waiting for confirmation) go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (scripts/with-postgres.sh's throwaway memcached):
    the rate limits one test counted do not carry over to the next."""
    from django.core.cache import cache

    cache.clear()
