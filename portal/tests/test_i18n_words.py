"""Words on the pages (issue 18): a missing Japanese string falls back to English, counts of
people read "orang"/"人" (never "tokoh"/"人物", the registry's notable people), a figure is
one phrase with its number inside, English dates read "14 Nov 2024", and the admin pages of
django-axes and django-simple-history speak the page's language."""

import datetime
import decimal

import polib
import pytest
from axes.models import AccessAttempt
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from partnerships.models import Figure, Source
from partnerships.templatetags.partnerships import figure_value

pytestmark = pytest.mark.django_db

ONLY_INDONESIAN = "A sentence only the Indonesian catalogue translates."


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def indonesian_only_catalogue(settings, tmp_path):
    """A catalogue, before the project's own, where one msgid has an Indonesian msgstr and
    neither a Japanese nor an English one (the case of a third-party app, or of a string
    translated into Indonesian before Japanese)."""
    for language, msgstr in [("id", "Kalimat yang hanya diterjemahkan katalog Indonesia.")]:
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
        po.append(polib.POEntry(msgid=ONLY_INDONESIAN, msgstr=msgstr))
        po.save_as_mofile(str(folder / "django.mo"))
    # Changing LOCALE_PATHS empties Django's translation caches, so the catalogues are rebuilt
    # with this one first, and with the fallback portal.i18n installs.
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def render(language, text):
    with translation.override(language):
        return Template("{% load i18n %}{% translate text %}").render(Context({"text": text}))


def test_a_string_missing_in_japanese_renders_english_not_indonesian(indonesian_only_catalogue):
    assert render("id", ONLY_INDONESIAN) == "Kalimat yang hanya diterjemahkan katalog Indonesia."
    assert render("ja", ONLY_INDONESIAN) == ONLY_INDONESIAN
    assert render("en", ONLY_INDONESIAN) == ONLY_INDONESIAN


def test_a_third_party_string_without_a_japanese_catalogue_falls_back_to_english(settings):
    """django-axes ships an Indonesian catalogue ("Form Data" -> "Data Formulir") and no
    Japanese one. Without our catalogue's translation, /ja/ shows the English msgid."""
    settings.LOCALE_PATHS = []
    with translation.override("ja"):
        assert translation.gettext("Form Data") == "Form Data"
        assert translation.gettext("Log out") != "Keluar"
    with translation.override("id"):
        assert translation.gettext("Form Data") == "Data Formulir"


# --- counts of people -----------------------------------------------------------------------------


@pytest.fixture
def figure(organisation_factory):
    source = Source.objects.create(
        title="Berita contoh", publisher="Contoh", published_on=datetime.date(2024, 1, 5)
    )
    return Figure.objects.create(
        organisation=organisation_factory(name="SMKN 1 Rejang Lebong"),
        metric=Figure.Metric.PARTICIPANTS_SENT,
        value=decimal.Decimal("52440"),
        unit=Figure.Unit.PEOPLE,
        as_of=datetime.date(2024, 11, 14),
        source=source,
    )


@pytest.mark.parametrize(
    "language, expected",
    [("id", "52.440 orang"), ("en", "52,440 people"), ("ja", "52,440人")],
)
def test_a_count_of_people_is_one_phrase_in_each_language(figure, language, expected):
    with translation.override(language):
        assert figure_value(figure) == expected


def test_figures_of_other_units_put_the_number_where_the_language_wants_it(figure):
    figure.unit, figure.value = Figure.Unit.AGREEMENTS, decimal.Decimal("0")
    with translation.override("ja"):
        assert figure_value(figure) == "協定0件"
    with translation.override("en"):
        assert figure_value(figure) == "0 agreements"
    figure.unit, figure.value = Figure.Unit.PEOPLE, decimal.Decimal(1)
    with translation.override("en"):
        assert figure_value(figure) == "1 person"
    figure.unit, figure.value = Figure.Unit.PERCENT, decimal.Decimal(90)
    figure.value_max = decimal.Decimal(95)
    with translation.override("ja"):
        assert figure_value(figure) == "90–95%"


def test_the_unit_and_the_registrys_people_are_two_words():
    with translation.override("id"):
        assert str(Figure.Unit.PEOPLE.label) == "orang"
        assert str(Figure._meta.get_field("unit").choices[0][1]) == "orang"
    with translation.override("ja"):
        assert str(Figure.Unit.PEOPLE.label) == "人"
        from partnerships.models import Person

        assert str(Person._meta.verbose_name_plural) == "人物"


@pytest.mark.parametrize(
    "language, expected, banned",
    [
        ("id", "52.440 orang", "tokoh"),
        ("en", "52,440 people", "people people"),
        ("ja", "52,440人", "人物"),
    ],
)
def test_home_page_reads_a_count_of_people(client, figure, language, expected, banned):
    html = client.get(url_in(language, "pages:home")).content.decode()
    assert expected in html
    assert banned not in html


def test_organisation_page_reads_a_count_of_people(client, figure):
    html = client.get(url_in("ja", "partnerships:organisation-detail", figure.organisation.slug))
    html = html.content.decode()
    assert "52,440人" in html
    assert "人物" not in html.split('id="figures-heading"')[1].split("</section>")[0]


def test_dashboard_csv_reads_a_count_of_people(client, figure):
    response = client.get(reverse("dashboards:province-report", args=["17", "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "52.440 orang" in body
    assert "tokoh" not in body


# --- dates and the agreement page -----------------------------------------------------------------


@pytest.fixture
def agreement(agreement_factory, organisation_factory):
    return agreement_factory(
        title="Pemagangan ke Jepang",
        quota=160,
        quota_period="year",
        effective_from=datetime.date(2024, 11, 14),
        expires_on=datetime.date(2029, 11, 13),
        parties=[organisation_factory(name="Kemnaker"), organisation_factory(name="AP2LN")],
    )


def test_english_dates_read_day_month_year(client, agreement):
    html = client.get(url_in("en", "partnerships:agreement-detail", agreement.pk)).content
    html = html.decode()
    assert "14 Nov 2024" in html
    assert "13 Nov 2029" in html
    assert "Nov. 14, 2024" not in html


def test_japanese_dates_read_year_month_day(client, agreement):
    html = client.get(url_in("ja", "partnerships:agreement-detail", agreement.pk)).content
    assert "2024年11月14日" in html.decode()


def test_agreement_page_names_its_blocks_for_what_they_hold(client, agreement):
    html = client.get(url_in("en", "partnerships:agreement-detail", agreement.pk)).content
    html = html.decode()
    assert '<h2 id="document-heading" class="h5">Document and source</h2>' in html
    assert '<h2 id="dates-heading" class="h5">Dates and terms</h2>' in html
    assert ">Validity<" not in html
    dates = html.split('id="dates-heading"')[1].split("</section>")[0]
    document = html.split('id="document-heading"')[1].split("</section>")[0]
    assert "14 Nov 2024" in dates and "Expires on" in dates
    assert "Document" in document and "Source" in document and "Number" in document
    assert "160 participants a year" in dates


def test_japanese_quota_puts_the_period_before_the_number(client, agreement):
    html = client.get(url_in("ja", "partnerships:agreement-detail", agreement.pk)).content
    html = html.decode()
    assert "年間160人" in html
    assert "文書と出典" in html


# --- third-party admin pages ----------------------------------------------------------------------

# Words of django-axes' and django-simple-history's own Indonesian catalogues (and Django's),
# which showed on /ja/ and /en/ before English became the fallback and ours the translation.
INDONESIAN_WORDS = [
    "Data Formulir",
    "Waktu Percobaan",
    "upaya akses",
    "Alamat IP",
    "Nama Pengguna",
    "Kembalikan",
    "Diubah oleh",
    "Riwayat",
    "Keluar",
]


@pytest.fixture
def superuser_client(client, user_factory):
    client.force_login(user_factory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def attempt(db):
    return AccessAttempt.objects.create(
        user_agent="Mozilla/5.0",
        ip_address="192.0.2.7",
        username="kepala.smkn1rl",
        http_accept="text/html",
        path_info="/admin/login/",
        get_data="",
        post_data="username=kepala.smkn1rl",
        failures_since_start=3,
    )


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ja", ["ログイン試行", "フォームのデータ", "試行日時"]),
        ("en", ["Form Data", "Attempt Time"]),
    ],
)
def test_axes_admin_pages_speak_the_pages_language(superuser_client, attempt, language, expected):
    pages = [
        url_in(language, "admin:axes_accessattempt_changelist"),
        url_in(language, "admin:axes_accessattempt_change", attempt.pk),
    ]
    html = "".join(superuser_client.get(url).content.decode() for url in pages)
    for word in expected:
        assert word in html
    for word in INDONESIAN_WORDS:
        assert word not in html, word


@pytest.mark.parametrize(
    "language, expected",
    [("ja", ["変更者", "変更理由", "変更履歴"]), ("en", ["Changed by", "Change reason"])],
)
def test_history_admin_pages_speak_the_pages_language(
    superuser_client, organisation_factory, language, expected
):
    organisation = organisation_factory(name="SMKN 1 Kepahiang")
    organisation.description = "Sekolah negeri"
    organisation.save()
    record = organisation.history.order_by("history_id").first()
    pages = [
        url_in(language, "admin:partnerships_organisation_history", organisation.pk),
        url_in(
            language,
            "admin:partnerships_organisation_simple_history",
            organisation.pk,
            record.history_id,
        ),
    ]
    responses = [superuser_client.get(url) for url in pages]
    assert [response.status_code for response in responses] == [200, 200]
    html = "".join(response.content.decode() for response in responses)
    for word in expected:
        assert word in html
    for word in INDONESIAN_WORDS:
        assert word not in html, word
