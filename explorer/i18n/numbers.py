"""Numbers written the reader's way, from Babel's locale data (CLDR): "1,297.5" and "98.8%" in
English, "1 297,5" and "98,8 %" in Russian (no-break spaces), and the same symbols for the charts
and for the browser (which formats with `Intl.NumberFormat` in the same locale)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from babel import Locale, UnknownLocaleError
from babel.dates import format_timedelta
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from babel.units import format_unit


def locale(lang: str) -> Locale:
    """Babel's locale for a language code; a code Babel does not know writes numbers as English does."""
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Number:
    """A number in a message, written when the message is rendered: `digits` decimals (None: as
    many as it has, up to 3), as a percentage of 1 when `percent`."""

    value: float
    digits: int | None = None
    percent: bool = False

    def written(self, lang: str) -> str:
        if self.percent:
            return percent(self.value, lang, self.digits or 0)
        return number(self.value, lang, self.digits)


def number(x: float, lang: str, digits: int | None = None) -> str:
    """`x` with its thousands grouped and `digits` decimals (None: up to 3, trailing zeros dropped)."""
    if digits is None:
        return format_decimal(x, locale=locale(lang))
    return format_decimal(x, format="#,##0" + ("." + "0" * digits if digits else ""), locale=locale(lang))


def percent(share: float, lang: str, digits: int = 0) -> str:
    """A share of 1 as a percentage, in the locale's own pattern ("98.8%", "98,8 %", "%98,8")."""
    where = locale(lang)
    pattern = where.percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1) if "." not in pattern else pattern
    return format_percent(share, format=pattern, locale=where)


def percent_affixes(lang: str) -> tuple[str, str]:
    """What comes before and after a percentage's number: ("", "%") in English, ("", "\u00a0%") in
    Russian, ("%", "") in Turkish (a chart's tick prefix and suffix)."""
    pattern = locale(lang).percent_formats[None]
    return pattern.prefix[0], pattern.suffix[0]


def duration(seconds: float, lang: str) -> str:
    """ "45 seconds", "3 minutes" / "45 секунд", "3 минуты": the largest whole unit, as Babel says it."""
    return format_timedelta(timedelta(seconds=seconds), threshold=1.5, locale=locale(lang))


def size(n_bytes: int, lang: str) -> str:
    """A file's size in the largest unit that keeps it above 1: "548 MB" / "548 МБ"."""
    value, unit = float(n_bytes), "byte"
    for larger in ("kilobyte", "megabyte", "gigabyte"):
        if value < 1000:
            break
        value, unit = value / 1000, larger
    return format_unit(
        round(value) if value >= 10 else round(value, 1), f"digital-{unit}", length="short", locale=locale(lang)
    )


def listed(items: list[str], lang: str, style: str = "standard") -> str:
    """ "a, b and c" (style "or": "a, b or c") in the language's way: "a, b и c", "a, b или c"."""
    return format_list(items, style=style, locale=locale(lang))


def separators(lang: str) -> str:
    """The decimal sign and the thousands separator, as a Plotly layout's `separators` takes them."""
    where = locale(lang)
    return get_decimal_symbol(where) + get_group_symbol(where)


def shortest(x: float, lang: str) -> str:
    """`x` in its shortest form ("0.0005"), with the language's decimal sign ("0,0005")."""
    return f"{x:g}".replace(".", get_decimal_symbol(locale(lang)))


def numbers_list(values, lang: str) -> str:
    """Numbers written as a list a person could type back (`parse_numbers`): "0.5, 0.25" in English,
    "0,5; 0,25" where the decimal sign is a comma."""
    comma = get_decimal_symbol(locale(lang)) == ","
    return ("; " if comma else ", ").join(shortest(v, lang) for v in values)


def parse_numbers(text: str, lang: str = "en") -> list[float]:
    """Numbers a person typed as a list, either way: "0.5, 0.25" or "0,5; 0,25" (a semicolon
    between numbers makes commas decimal signs, as in Russian), and, where the reader's decimal sign
    is a comma, "0,5" or "0,5 0,25" too. Raises ValueError with the part that is not a number."""
    comma_decimals = ";" in text or (
        get_decimal_symbol(locale(lang)) == "," and "." not in text and not re.search(r",\s", text)
    )
    parts = re.split(r"[;\s]+", text) if comma_decimals else re.split(r"[,;\s]+", text)
    numbers = []
    for part in filter(None, (p.strip() for p in parts)):
        try:
            numbers.append(float(part.replace(",", ".") if comma_decimals else part))
        except ValueError:
            raise ValueError(part) from None
    return numbers
