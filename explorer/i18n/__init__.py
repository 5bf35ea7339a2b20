"""What the app says, in the reader's language: gettext catalogues (explorer/locale/<lang>/
LC_MESSAGES/explorer.po, extracted and compiled with Babel, `babel.cfg`) for the words, Babel's
locale data for the numbers. English is the source language: the message ids are the English
sentences, so the CLI and the logs read them as they are.

- `messages`: marking words for the catalogue (`N_`, `NP_`, `C_`), rendering them (`render`), and
  `Message`, a sentence with its values that the core makes and only the UI or the CLI renders.
- `numbers`: numbers, percentages, durations and file sizes written the reader's way.
- `catalogues`: which languages there are (one `.po` file each) and their translations.
"""

from explorer.i18n.catalogues import SOURCE, language_name, languages, translations
from explorer.i18n.messages import C_, N_, NP_, Contextual, Message, Plural, Text, from_json, render, said_by, to_json
from explorer.i18n.numbers import (
    Number,
    duration,
    listed,
    number,
    numbers_list,
    parse_numbers,
    percent,
    percent_affixes,
    separators,
    shortest,
    size,
)

__all__ = [
    "C_",
    "Contextual",
    "Message",
    "NP_",
    "N_",
    "Number",
    "Plural",
    "SOURCE",
    "Text",
    "duration",
    "from_json",
    "language_name",
    "languages",
    "listed",
    "number",
    "numbers_list",
    "parse_numbers",
    "percent",
    "percent_affixes",
    "render",
    "said_by",
    "separators",
    "shortest",
    "size",
    "to_json",
    "translations",
]
