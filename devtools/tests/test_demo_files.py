"""The demo data files (devtools/demo/data/) and their loader: every file is loaded, a file that
says something wrong is refused with the file and the record named, and loading again adds
nothing."""

import shutil
import tomllib

import pytest

from devtools.demo import DATA, DemoDataError, load_demo, read_data
from partnerships.models import (
    Agreement,
    AgreementParty,
    Event,
    Figure,
    Organisation,
    Person,
    Position,
    Source,
)
from portal.models import Membership, User
from trainees.models import Cohort, StageChange, Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: loads the demo files, several times


def data_files():
    return sorted(DATA.rglob("*.toml"))


def records(document, section):
    """A file's records of one section, with the file's defaults for that section applied."""
    defaults = document.get("defaults", {}).get(section, {})
    return {key: defaults | table for key, table in document.get(section, {}).items()}


def saved(section, key, fields):
    """Whether the record of a data file is in the database, found by its natural key."""
    match section:
        case "organisations":
            return Organisation.objects.filter(slug=key, name=fields["name"]).exists()
        case "people":
            return Person.objects.filter(slug=key, name=fields["name"]).exists()
        case "events":
            return Event.objects.filter(name=fields["name"], date=fields["date"]).exists()
        case "figures":
            return Figure.objects.filter(
                organisation__slug=fields["organisation"],
                metric=fields["metric"],
                as_of=fields["as_of"],
            ).exists()
        case "agreements":
            agreement = Agreement.objects.filter(number=key).first()
            return agreement is not None and agreement.parties.count() == len(fields["parties"])
        case "cohorts":
            cohort = Cohort.objects.filter(
                name=fields["name"], institution__slug=fields["institution"]
            ).first()
            rows = fields.get("trainees", {}).get("rows", [])
            return cohort is not None and cohort.trainees.count() == len(rows)
        case "accounts":
            return User.objects.filter(username=key, email=fields["email"]).exists()
    raise AssertionError(f"no check for section {section}")


def test_every_file_in_data_is_loaded():
    assert {path.relative_to(DATA).as_posix() for path in DATA.rglob("*") if path.is_file()} == {
        path.relative_to(DATA).as_posix() for path in data_files()
    } | {"README.md"}
    assert read_data().files == [path.relative_to(DATA).as_posix() for path in data_files()]

    load_demo()

    for path in data_files():
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        loaded = 0
        if "source" in document:
            source = document["source"]
            assert Source.objects.filter(publisher=source["publisher"], title=source["title"])
            loaded += 1
        for section in ["organisations", "people", "events", "figures", "agreements"] + [
            "cohorts",
            "accounts",
        ]:
            for key, fields in records(document, section).items():
                assert saved(section, key, fields), f"{path.name}: {section}.{key}"
                loaded += 1
        assert loaded, f"{path.name} loads nothing"


def test_loading_twice_creates_nothing_new():
    models = [Source, Organisation, Person, Position, Event, Figure, Agreement, AgreementParty]
    models += [Cohort, Trainee, StageChange, User, Membership]
    through = [
        Organisation.members.through,
        Event.participants.through,
        Agreement.programmes.through,
        Cohort.partners.through,
        Cohort.agreements.through,
    ]

    def counts():
        return {model.__name__: model.objects.count() for model in models + through}

    first_accounts = load_demo()
    first = counts()
    assert load_demo() == first_accounts
    assert counts() == first
    assert first["Trainee"] == 188
    assert first["Agreement"] == 20


@pytest.fixture
def data(tmp_path):
    """A copy of the demo data to add a faulty file to."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


SOURCE = '[source]\npublisher = "X"\ntitle = "Y"\npublished_on = 2025-01-01\n\n'
BENGKULU_COHORT = """
[cohorts.extra]
name = "Kelas tambahan"
institution = "smkn-1-kepahiang"
programme = "industry-class"

[cohorts.extra.paths]
registered = [{ stage = "registered", date = 2025-07-09 }]

[cohorts.extra.trainees]
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            '[organisations.pt-baru]\nname = "PT Baru"\nkind = "industry"\nnmae = "PT Baru"\n',
            ['organisations.pt-baru: unknown key "nmae"'],
            id="unknown key",
        ),
        pytest.param(
            '[organisation.pt-baru]\nname = "PT Baru"\n',
            ['unknown table "organisation"'],
            id="unknown table",
        ),
        pytest.param(
            SOURCE + '[events.rapat]\nname = "Rapat"\ndate = 2025-01-02\n'
            'participants = ["kemnaker", "pt-tidak-ada"]\n',
            ['events.rapat: participants = "pt-tidak-ada": no organisation has that key'],
            id="dangling slug",
        ),
        pytest.param(
            SOURCE + '[agreements."DEMO/BARU/1"]\ntitle = "Baru"\n\n'
            '[[agreements."DEMO/BARU/1".parties]]\norganisation = "kemnaker"\n'
            'person = "orang-tidak-ada"\n',
            ['agreements."DEMO/BARU/1".parties #1: person = "orang-tidak-ada"'],
            id="dangling slug in a party",
        ),
        pytest.param(
            '[organisations.smkn-1-kepahiang]\nname = "SMKN 1 Kepahiang lagi"\n',
            ["organisations.smkn-1-kepahiang: the key is used in articles/000-bengkulu.toml too"],
            id="key defined twice",
        ),
        pytest.param(
            '[events.rapat]\nname = "Rapat"\ndate = 2025-01-02\n',
            ["events.rapat: the file has no [source]"],
            id="event without a source",
        ),
        pytest.param(
            '[organisations.pt-baru]\nname = "PT Baru"\nregency = "99.99"\n',
            ['organisations.pt-baru: regency = "99.99": no regency has that code'],
            id="dangling code",
        ),
        pytest.param(
            BENGKULU_COHORT + 'columns = ["full_name", "nisn", "path"]\n'
            'rows = [["Ayu Fiktif 001", "1234567890", "registered"]]\n',
            ['cohorts.extra.trainees row 1: unknown key "nisn"'],
            id="trainee with a NISN",
        ),
        pytest.param(
            BENGKULU_COHORT + 'columns = ["full_name", "path"]\n'
            'rows = [["Ayu Lestari", "registered"]]\n',
            ['"Ayu Lestari": a demo trainee\'s name carries the word "Fiktif"'],
            id="trainee with a real-looking name",
        ),
        pytest.param(
            BENGKULU_COHORT + 'columns = ["full_name", "path"]\n'
            'rows = [["Ayu Fiktif 001", "jalan-lain"]]\n',
            ['cohorts.extra.trainees row 1: path "jalan-lain"'],
            id="trainee on an unknown path",
        ),
    ],
)
def test_a_faulty_file_is_refused_naming_it(data, content, expected):
    (data / "articles" / "099-faulty.toml").write_text(content, encoding="utf-8")
    with pytest.raises(DemoDataError) as refused:
        load_demo(data)
    assert str(refused.value).startswith("articles/099-faulty.toml: ")
    for fragment in expected:
        assert fragment in str(refused.value)
    assert not Organisation.objects.exists()  # nothing was written


def test_a_file_the_loader_would_skip_is_refused(data):
    (data / "articles" / "005-baru.tml").write_text('[organisations.pt-baru]\nname = "PT Baru"\n')
    with pytest.raises(DemoDataError, match=r"articles/005-baru\.tml: not a \.toml file"):
        read_data(data)


def test_what_the_model_refuses_is_refused_naming_the_record(data):
    (data / "articles" / "099-faulty.toml").write_text(
        '[organisations.smk-baru]\nname = "SMK Baru"\nkind = "school"\ncategory = "smk"\n'
        'npsn = "10700101"\n',  # SMKN 1 Rejang Lebong's
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=r"^articles/099-faulty\.toml: organisations\.smk-baru"):
        load_demo(data)
    assert not Organisation.objects.exists()
