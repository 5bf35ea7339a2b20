"""Marking the app's words for the catalogue, and rendering them in a language.

The words live in registries (explorer/words.py for the core's sentences, each page's words.py):
a key → its English, marked `N_("…")` (a sentence), `NP_("…", "…")` (a sentence whose noun agrees
with the count `n` among its values: gettext's plural forms, three in Russian) or `C_(context, "…")`
(the same English that another language says two ways). `pybabel extract` finds the marks
(babel.cfg); `render` looks the English up in the language's catalogue and fills in the values,
writing numbers the reader's way.

`Message` is a sentence with its values, made where the core knows what happened and rendered
where it is shown: it is a `str` of its English (the CLI, the logs and exceptions read that), and
`in_language` renders it for a page. It pickles, so it crosses from a job's worker to the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.i18n.catalogues import translations
from explorer.i18n.numbers import Number, number


@dataclass(frozen=True)
class Plural:
    singular: str
    plural: str


@dataclass(frozen=True)
class Contextual:
    context: str
    text: str


Text = str | Plural | Contextual


def N_(text: str) -> str:
    return text


def NP_(singular: str, plural: str) -> Plural:
    return Plural(singular, plural)


def C_(context: str, text: str) -> Contextual:
    return Contextual(context, text)


def render(text: Text, lang: str, **values) -> str:
    """`text` in `lang` (its English where the catalogue lacks it), with `values` filled in. A
    plural's count is the value `n`."""
    catalogue = translations(lang)
    if isinstance(text, Plural):
        template = catalogue.ngettext(text.singular, text.plural, int(values["n"]))
    elif isinstance(text, Contextual):
        template = catalogue.pgettext(text.context, text.text)
    else:
        template = catalogue.gettext(text)
    return template.format(**written(values, lang)) if values else template


def written(values: dict, lang: str) -> dict:
    """Values as `lang` writes them: messages rendered in it, numbers grouped ("60 000", "0,5"),
    `Number`s with their fixed decimals or as percentages."""
    out = {}
    for name, value in values.items():
        if isinstance(value, Message):
            value = value.in_language(lang)
        elif isinstance(value, Number):
            value = value.written(lang)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = number(value, lang)  # a float with up to 3 decimals; `Number` for a fixed count
        out[name] = value
    return out


class Message(str):
    """A sentence and its values; the str is its English."""

    text: Text
    values: dict

    def __new__(cls, text: Text, **values) -> Message:
        message = super().__new__(cls, render(text, "en", **values))
        message.text, message.values = text, values
        return message

    def __reduce__(self):
        return _message, (self.text, self.values)

    def in_language(self, lang: str) -> str:
        return render(self.text, lang, **self.values)


def _message(text: Text, values: dict) -> Message:
    return Message(text, **values)


def said_by(error: BaseException) -> str:
    """What an exception says, keeping its `Message` when it was raised with one (str(error) would
    keep only the English)."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, Message) else str(error)


def to_json(message: Message) -> dict:
    """A message as JSON (a recording's or a model's file keeps what it said, to be rendered later in
    any language): its text and its values, nested messages and numbers included."""
    return {"text": _text_json(message.text), "values": {k: _value_json(v) for k, v in message.values.items()}}


def from_json(data: dict) -> Message:
    text = data["text"]
    if isinstance(text, dict):
        text = (
            Plural(text["singular"], text["plural"]) if "plural" in text else Contextual(text["context"], text["text"])
        )
    return Message(text, **{k: _value_from_json(v) for k, v in data.get("values", {}).items()})


def _text_json(text: Text):
    if isinstance(text, Plural):
        return {"singular": text.singular, "plural": text.plural}
    if isinstance(text, Contextual):
        return {"context": text.context, "text": text.text}
    return text


def _value_json(value):
    if isinstance(value, Message):
        return {"message": to_json(value)}
    if isinstance(value, Number):
        return {"number": value.value, "digits": value.digits, "percent": value.percent}
    return value


def _value_from_json(value):
    if isinstance(value, dict) and "message" in value:
        return from_json(value["message"])
    if isinstance(value, dict) and "number" in value:
        return Number(value["number"], value["digits"], value["percent"])
    return value
