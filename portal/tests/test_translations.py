"""The message catalogues stay complete (no string untranslated or fuzzy), keep the source's
placeholders, and are compiled: the .mo files hold exactly what the .po files say."""

import ast
import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
DJANGO_GAPS = Path(__file__).resolve().parents[1] / "django_gaps.py"
LANGUAGES = ["id", "en", "ja"]
# The admin's JavaScript strings Django's own catalogues leave untranslated (see
# portal/django_gaps.py); English needs none, its msgids are shown as they are.
JAVASCRIPT_LANGUAGES = ["id", "ja"]
GAP_MARKERS = {"gettext_noop", "ngettext_lazy"}

# %(name)s and {name} may be reordered or repeated by a translation; %s, %d and {} are
# filled by position, so their order counts. "%%" is a literal percent sign.
NAMED = re.compile(r"%\([^)]+\)[sdifr]|\{\w+\}")
POSITIONAL = re.compile(r"%[sdifr]|\{\}")


def placeholders(text):
    text = text.replace("%%", "")
    return set(NAMED.findall(text)), POSITIONAL.findall(text)


def catalogue(language, domain="django"):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


def entries(po):
    return [entry for entry in po if not entry.obsolete]


def msgstrs(entry):
    """[(source text, translation)] of an entry, one per plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = sorted(entry.msgstr_plural.items())
    # With several forms the first is the singular; a language with one form (Indonesian,
    # Japanese) uses it for every count, so it carries the plural's placeholders.
    return [
        (entry.msgid if index == 0 and len(forms) > 1 else entry.msgid_plural, text)
        for index, text in forms
    ]


def untranslated(po):
    return [
        entry.msgid
        for entry in entries(po)
        if entry.fuzzy or not all(text for _source, text in msgstrs(entry))
    ]


def wrong_placeholders(po):
    return [
        (source, text)
        for entry in entries(po)
        for source, text in msgstrs(entry)
        if text and placeholders(text) != placeholders(source)
    ]


def key(entry):
    return entry.msgctxt, entry.msgid


def translations(entries_):
    return {
        key(entry): dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
        for entry in entries_
        if entry.msgid
    }


def stale(po, path):
    """msgids whose translation in the compiled .mo differs from the .po (or is absent from one)."""
    expected = translations(entry for entry in entries(po) if entry.translated())
    compiled = translations(polib.mofile(str(path.with_suffix(".mo"))))
    return sorted(
        msgid
        for msgctxt, msgid in expected.keys() | compiled.keys()
        if expected.get((msgctxt, msgid)) != compiled.get((msgctxt, msgid))
    )


def plural_forms(po):
    return po.metadata.get("Plural-Forms", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    po = catalogue(language)
    missing = untranslated(po)
    assert missing == [], f"{len(missing)} strings need a {language} translation: run make messages"
    differ = stale(po, LOCALE / language / "LC_MESSAGES" / "django.po")
    assert differ == [], f"{len(differ)} strings differ in the .mo file: run make messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = wrong_placeholders(catalogue(language))
    assert wrong == [], f"{len(wrong)} {language} strings change the placeholders: {wrong[:5]}"


def test_japanese_catalogue_has_one_plural_form():
    po = catalogue("ja")
    assert plural_forms(po) == "nplurals=1; plural=0;"
    assert po.metadata["Language"] == "ja"
    assert all(list(entry.msgstr_plural) == [0] for entry in entries(po) if entry.msgid_plural)


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_gaps_are_in_the_catalogue(language):
    """The strings of Django itself that its id and ja catalogues lack are carried by ours."""
    msgids = {entry.msgid for entry in entries(catalogue(language)) if entry.translated()}
    gaps = [
        call.args[0].value
        for call in ast.walk(ast.parse(DJANGO_GAPS.read_text(encoding="utf-8")))
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in GAP_MARKERS
    ]
    assert gaps
    assert [gap for gap in gaps if gap not in msgids] == [], "run make messages"


@pytest.mark.parametrize("language", JAVASCRIPT_LANGUAGES)
def test_admin_javascript_catalogue_is_complete_and_compiled(language):
    po = catalogue(language, "djangojs")
    assert plural_forms(po) == "nplurals=1; plural=0;"
    assert untranslated(po) == []
    assert wrong_placeholders(po) == []
    assert stale(po, LOCALE / language / "LC_MESSAGES" / "djangojs.po") == []
    # The time-zone note under the admin's time fields, in both its forms.
    assert any(entry.msgid.startswith("Note: Enter times in") for entry in entries(po))
