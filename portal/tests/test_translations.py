"""The message catalogues stay complete (no string untranslated or fuzzy) and compiled."""

import ast
import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def unquote(line):
    return ast.literal_eval(line[line.index('"') :])


def entries(path):
    """Yield (msgctxt, msgid, [msgstr...], fuzzy, plural) for each entry of a .po file."""
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:  # [0] is the header
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            if not line.startswith('"'):
                current = line.split(" ", 1)[0]
                fields[current] = ""
            fields[current] += unquote(line)
        if "msgid" not in fields:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield fields.get("msgctxt"), fields["msgid"], strs, fuzzy, "msgid_plural" in fields


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog

    missing, stale = [], []
    for context, msgid, msgstrs, fuzzy, plural in entries(po):
        if fuzzy or not all(msgstrs):
            missing.append(msgid)
            continue
        key = f"{context}\x04{msgid}" if context else msgid
        compiled_strs = (
            [compiled.get(key)]
            if not plural
            else [compiled.get((key, i)) for i in range(len(msgstrs))]
        )
        if compiled_strs != msgstrs:
            stale.append(msgid)
    assert missing == [], f"{len(missing)} strings need a {language} translation: run make messages"
    assert stale == [], f"{len(stale)} strings differ in the .mo file: run make messages"
