"""The languages the app speaks: English, the source, and one gettext catalogue per other language
in explorer/locale/<code>/LC_MESSAGES/explorer.po. The README's set-up compiles each `.po` into
its `.mo` (`pybabel compile`); a catalogue whose `.mo` is missing or older than its `.po` (a
teacher's new translation, not compiled yet) is compiled in memory instead, so it works at once."""

from __future__ import annotations

import gettext
import io
import sys
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE = "en"  # the language of the message ids
DOMAIN = "explorer"
LOCALES = Path(__file__).resolve().parent.parent / "locale"


@cache
def languages() -> dict[str, str]:
    """Language code → its name in itself ("ru" → "Русский"), English first: every language that
    has a catalogue here (read once per server: a new catalogue is seen after a restart)."""
    found = sorted(
        folder.name
        for folder in LOCALES.iterdir()
        if folder.is_dir() and any((folder / "LC_MESSAGES" / f"{DOMAIN}{ext}").exists() for ext in (".po", ".mo"))
    )
    return {SOURCE: language_name(SOURCE), **{code: language_name(code) for code in found if code != SOURCE}}


def language_name(code: str) -> str:
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`; the source language's (or a language without one) gives the
    message ids themselves, as gettext does."""
    folder = LOCALES / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if lang == SOURCE or not (po.exists() or mo.exists()):
        return gettext.NullTranslations()
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    print(
        f"GAN Explorer: {po} is not compiled (pybabel compile -d explorer/locale -D explorer); read as it is",
        file=sys.stderr,
    )
    return compiled(po.read_bytes())


def compiled(po: bytes) -> gettext.GNUTranslations:
    """A `.po` file's contents as gettext reads a `.mo` (Babel's compiler, in memory)."""
    catalog = read_po(io.BytesIO(po))  # its header says how its plurals go
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)
