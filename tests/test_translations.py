"""The French catalogue is complete and compiled.

`makemessages` runs over a temporary copy of the code (the tree stays clean): any string marked
for translation and missing from `locale/fr/LC_MESSAGES/django.po`, or left fuzzy there, fails
the test with the list of offenders. To fix it: `make messages`, fill in the French, then
`make compilemessages` (see DEVELOPERS.md, "Translations").

The compiled `django.mo` is committed (so that `make run` needs no gettext); the second test
checks that it says what the .po says.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages reads: the code and templates, not tests, benchmarks, docs or the venv.
SOURCES = [
    "analysts",
    "incidents",
    "sources",
    "vocabulary",
    "config",
    "templates",
    "locale",
    "manage.py",
]


def _describe(entry: polib.POEntry) -> str:
    where = ", ".join(sorted({path for path, _ in entry.occurrences})) or "?"
    return f"{entry.msgid!r} ({where})"


def _catalogue(entries) -> dict[tuple[str | None, str], object]:
    """(context, msgid) → translation, plural forms as a tuple; the header entry left out."""
    result = {}
    for entry in entries:
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            value = tuple(forms[i] for i in sorted(forms))
        else:
            value = entry.msgstr
        result[(entry.msgctxt, entry.msgid)] = value
    return result


@pytest.fixture(scope="module")
def fresh_po(tmp_path_factory) -> polib.POFile:
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is needed to check the translations: apt-get install gettext")
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_french_string_is_translated(fresh_po):
    missing = [_describe(e) for e in fresh_po.untranslated_entries()]
    fuzzy = [_describe(e) for e in fresh_po.fuzzy_entries()]
    assert not missing and not fuzzy, (
        "French translations to write in locale/fr/LC_MESSAGES/django.po "
        "(make messages; fill in; make compilemessages):\n"
        + "".join(f"  untranslated: {m}\n" for m in missing)
        + "".join(f"  fuzzy: {f}\n" for f in fuzzy)
    )


def test_plural_forms_are_french():
    # French: 0 and 1 are singular ("0 nouvel article"), 2 and up plural.
    assert polib.pofile(str(PO)).metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_compiled_catalogue_matches_the_po():
    po = polib.pofile(str(PO))
    expected = _catalogue(e for e in po if e.translated() and not e.obsolete)
    compiled = _catalogue(polib.mofile(str(MO)))
    differing = {key for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]}
    stale = sorted(repr(key[1]) for key in (expected.keys() ^ compiled.keys()) | differing)
    assert not stale, (
        "locale/fr/LC_MESSAGES/django.mo is out of date with django.po "
        f"(run `make compilemessages`): {', '.join(stale[:20])}"
    )
