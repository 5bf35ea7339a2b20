"""Keeping the catalogues in step with the code, with Babel (`python -m explorer.i18n.catalogue`):
extract every marked message (babel.cfg, the marks of explorer/i18n/extract.py) into
explorer/locale/explorer.pot, bring each language's `.po` up to date with it (new messages
untranslated, gone ones dropped), and compile each `.po` into its `.mo`. Then translate what
`pybabel compile --statistics` says is missing.

The messages are `str.format` templates, so they are flagged `python-brace-format` (what gettext
tools check for braces). Babel flags a message `python-format` when a "%" looks like a
`%`-placeholder to it ("61% 3s", "90% or more") and then refuses to compile a translation that
lacks it: there the space after the "%" is a no-break one (which keeps "61% 3s" on one line too).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from explorer.i18n.catalogues import DOMAIN, LOCALES
from explorer.i18n.extract import KEYWORDS

ROOT = LOCALES.parent.parent  # the repository: babel.cfg's paths are relative to it
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
WIDTH = 100


def extracted() -> Catalog:
    """Every marked message of the code and the shipped models, as a template."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(project="GAN Explorer", domain=DOMAIN, charset="utf-8", msgid_bugs_address="")
    template.header_comment = "# GAN Explorer's words: the template every language's catalogue is updated from."
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for message in template:
        if message.id:
            message.flags.discard("python-format")
            if "{" in (message.id if isinstance(message.id, str) else message.id[0]):
                message.flags.add("python-brace-format")
    return template


def po_files() -> list[Path]:
    return sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(template: Catalog) -> None:
    with TEMPLATE.open("wb") as f:
        write_po(f, template, width=WIDTH, no_location=True, sort_output=True, omit_header=False)
    for path in po_files():
        with path.open("rb") as f:
            catalog = read_po(f)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:
            if message.id:
                message.flags.discard("python-format")
        catalog.revision_date = datetime.now(UTC)
        catalog.last_translator, catalog.msgid_bugs_address = "GAN Explorer", ""
        with path.open("wb") as f:
            write_po(f, catalog, width=WIDTH, no_location=True, sort_output=True, ignore_obsolete=True)


def compile_all() -> list[str]:
    """Each `.po` → its `.mo`; what is untranslated, per language."""
    missing = []
    for path in po_files():
        with path.open("rb") as f:
            catalog = read_po(f)
        untranslated = [
            m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
        ]
        missing += [f"{path.parent.parent.name}: {m if isinstance(m, str) else m[0]}" for m in untranslated]
        with path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)
    return missing


def main() -> int:
    update(extracted())
    missing = compile_all()
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    print(f"{len(po_files())} catalogue(s) updated and compiled; {len(missing)} message(s) to translate")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
