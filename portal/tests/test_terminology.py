"""The catalogues use the words of docs/terminology.md.

Each row of its table names a term in English, Indonesian and Japanese, the msgids that must be
translated with it, and the words banned in its place ("ja: クラス*": banned everywhere in
Japanese; without the star, in the translations of the row's msgids and of every msgid whose
English contains the row's English term)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "terminology.md"
LANGUAGES = {"id": 1, "ja": 2}  # the column of each language's term
NO_TERM = "—"


def rows():
    """[{english, id, ja, msgids, banned}] from the table under "## Words"."""
    text = TABLE.read_text(encoding="utf-8").split("## Words", 1)[1]
    found = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        english, indonesian, japanese, msgids, banned, _note = cells
        found.append(
            {
                "english": english,
                "id": indonesian,
                "ja": japanese,
                "msgids": [msgid for msgid in msgids.split("; ") if msgid],
                "banned": parse_banned(banned),
            }
        )
    return found


def parse_banned(cell):
    """ "ja: クラス*; id: kelas" -> [("ja", "クラス", True), ("id", "kelas", False)]."""
    banned = []
    for item in filter(None, (part.strip() for part in cell.split(";"))):
        language, word = (part.strip() for part in item.split(":", 1))
        banned.append((language, word.rstrip("*"), word.endswith("*")))
    return banned


def split_context(msgid):
    match = re.fullmatch(r"\[([^\]]+)\] (.+)", msgid)
    return (match[1], match[2]) if match else (None, msgid)


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.fixture(scope="module")
def catalogues():
    found = {}
    for language in LANGUAGES:
        po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
        found[language] = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    return found


TERMS = rows()


def test_the_table_covers_the_domain():
    assert len(TERMS) >= 40
    english = {row["english"] for row in TERMS}
    for term in ["cohort", "intake year", "curator", "in force", "quota", "people (unit)"]:
        assert term in english


@pytest.mark.parametrize("row", TERMS, ids=[row["english"] for row in TERMS])
@pytest.mark.parametrize("language", LANGUAGES)
def test_listed_msgids_use_the_term(catalogues, row, language):
    term = row[language]
    assert row["msgids"], f"{row['english']}: name at least one msgid"
    for msgid in row["msgids"]:
        entry = catalogues[language].get(split_context(msgid))
        assert entry is not None, f"{msgid!r} is not in the {language} catalogue"
        for text in translations(entry):
            if term != NO_TERM:
                assert term.lower() in text.lower(), f"{msgid!r} -> {text!r}: use {term!r}"


@pytest.mark.parametrize("row", TERMS, ids=[row["english"] for row in TERMS])
def test_banned_words_are_not_used(catalogues, row):
    listed = {split_context(msgid) for msgid in row["msgids"]}
    for language, word, everywhere in row["banned"]:
        for key, entry in catalogues[language].items():
            english = f"{entry.msgid} {entry.msgid_plural}".lower()
            if not (everywhere or key in listed or row["english"].lower() in english):
                continue
            for text in translations(entry):
                assert word.lower() not in text.lower(), (
                    f"{entry.msgid!r} -> {text!r}: {row['english']} is not {word!r} in {language}"
                )


def test_a_count_of_people_is_not_a_notable_person(catalogues):
    """The two "people" of the catalogue: the unit of a count and the registry's people."""
    unit = catalogues["ja"][("unit of a count", "people")]
    registry = catalogues["ja"][(None, "people")]
    assert (unit.msgstr, registry.msgstr) == ("人", "人物")
    unit = catalogues["id"][("unit of a count", "people")]
    registry = catalogues["id"][(None, "people")]
    assert (unit.msgstr, registry.msgstr) == ("orang", "tokoh")
