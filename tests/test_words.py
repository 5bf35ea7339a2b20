"""The app's words: every message the code marks is in every shipped catalogue, translated, with the
same blanks; plurals agree with their numbers; numbers are written the reader's way; a new language
is one file; every key the pages ask for exists."""

import pickle
import re
import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from explorer import i18n
from explorer.gan.problems import PROBLEMS
from explorer.i18n import Message, Number, catalogues, render
from explorer.i18n.catalogue import extracted, po_files
from explorer.ui.text import TEXT
from explorer.words import SENTENCES, joined, said_by, say

ROOT = Path(__file__).resolve().parent.parent
COUNTS = (0, 1, 2, 5, 11, 21, 22, 25, 101, 1001)


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.fixture(scope="module")
def template():
    return extracted()


@pytest.fixture(scope="module", params=[p.parent.parent.name for p in po_files()])
def catalogue(request):
    path = catalogues.LOCALES / request.param / "LC_MESSAGES" / "explorer.po"
    with path.open("rb") as f:
        return read_po(f)


def test_languages_are_english_and_one_per_shipped_catalogue():
    assert i18n.languages() == {"en": "English", "ru": "Русский"}


def test_every_marked_message_is_translated_in_every_catalogue_with_the_same_blanks(template, catalogue):
    lang = catalogue.locale_identifier
    forms = catalogue.num_plurals
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, context=message.context)
        if found is None or found.fuzzy or not all(_strings(found)):
            problems.append(f"{lang}: not translated: {_ids(message)[0][:80]!r}")
            continue
        if message.pluralizable and len(_strings(found)) != forms:
            problems.append(f"{lang}: {len(_strings(found))} plural forms, not {forms}: {_ids(message)[0][:80]!r}")
        blanks = set().union(*map(_blanks, _ids(message)))
        for text in _strings(found):
            if _blanks(text) != blanks:
                problems.append(f"{lang}: blanks {_blanks(text)} instead of {blanks}: {text[:80]!r}")
    assert problems == []


def test_no_catalogue_keeps_a_message_the_code_no_longer_has(template, catalogue):
    """`python -m explorer.i18n.catalogue` drops them; a stale one means it was not run."""
    wanted = {(_ids(m)[0], m.context) for m in template if m.id}
    kept = {(_ids(m)[0], m.context) for m in catalogue if m.id}
    assert sorted(kept - wanted, key=str) == []


def test_russian_texts_are_russian(catalogue):
    """A translation with no Cyrillic letter is English left untranslated (names, symbols and
    formulas excepted: "GAN", "D(x)", "KL", "{n} px", "×10")."""
    if catalogue.locale_identifier != "ru":
        pytest.skip("Russian only")
    words = [(s, re.sub(r"\{\w+\}", "", s)) for m in catalogue if m.id for s in _strings(m)]  # blanks aside
    untranslated = [s for s, bare in words if not re.search("[а-яё]", bare, re.I) and re.search("[a-z]{4,}", bare)]
    assert untranslated == []


def test_every_plural_agrees_with_its_number_in_every_language(template):
    """gettext's Plural-Forms line of each catalogue picks the form that Babel's locale data (CLDR)
    says the number takes: 1, 21, 101, 1 001 → one; 2, 22 → few; 0, 5, 11, 25 → many (Russian)."""
    plurals = [m for m in template if m.id and m.pluralizable]
    assert len(plurals) >= 8
    for lang in i18n.languages():
        if lang == i18n.SOURCE:
            continue
        tags = Locale.parse(lang).plural_form.tags  # gettext's forms go in CLDR's order of categories
        categories = [c for c in ("zero", "one", "two", "few", "many", "other") if c in tags or c == "other"]
        with (catalogues.LOCALES / lang / "LC_MESSAGES" / "explorer.po").open("rb") as f:
            catalogue = read_po(f)
        for message in plurals:
            forms = _strings(catalogue.get(message.id, context=message.context))
            for n in COUNTS:
                category = Locale.parse(lang).plural_form(n)
                expected = forms[min(categories.index(category), len(forms) - 1)]
                said = render(i18n.Plural(*message.id), lang, n=n, **{b: b for b in _blanks(message.id[0]) if b != "n"})
                assert said == expected.format(n=i18n.number(n, lang), **{b: b for b in _blanks(expected) if b != "n"})


@pytest.mark.parametrize(
    "key, en, ru",
    [
        ("pictures", ["0 pictures", "1 picture", "2 pictures", "5 pictures", "11 pictures", "21 pictures"],
         ["0 картинок", "1 картинка", "2 картинки", "5 картинок", "11 картинок", "21 картинка"]),
        ("epochs", ["22 epochs", "25 epochs", "101 epochs", "1,001 epochs"],
         ["22 эпохи", "25 эпох", "101 эпоха", "1\u00a0001 эпоха"]),
        ("cpu", ["CPU (1 thread)", "CPU (2 threads)", "CPU (8 threads)", "CPU (12 threads)"],
         ["CPU (1 поток)", "CPU (2 потока)", "CPU (8 потоков)", "CPU (12 потоков)"]),
    ],
)  # fmt: skip
def test_counted_nouns_read_right_word_for_word(key, en, ru):
    numbers = [int(re.search(r"[\d,]+", e).group().replace(",", "")) for e in en]
    assert [str(say(key, n=n)) for n in numbers] == en
    assert [say(key, n=n).in_language("ru") for n in numbers] == ru


def test_numbers_are_written_the_readers_way():
    assert (i18n.number(1297.5, "en", 1), i18n.number(1297.5, "ru", 1)) == ("1,297.5", "1\u00a0297,5")
    assert (i18n.number(0.9, "ru", 1), i18n.number(4680, "ru")) == ("0,9", "4\u00a0680")
    assert (i18n.percent(0.988, "en", 1), i18n.percent(0.988, "ru", 1)) == ("98.8%", "98,8\u00a0%")
    assert i18n.percent_affixes("ru") == ("", "\u00a0%") and i18n.separators("ru") == ",\u00a0"
    assert (i18n.duration(45, "ru"), i18n.size(548_000_000, "ru")) == ("45 секунд", "548 МБ")
    assert i18n.number(3, "xx") == "3"  # a code Babel does not know: written as English writes it


@pytest.mark.parametrize(
    "typed, lang, numbers",
    [
        ("0.5, 0.25", "en", [0.5, 0.25]),
        ("0,5; 0,25", "en", [0.5, 0.25]),
        ("0,5; 0,25", "ru", [0.5, 0.25]),
        ("0.5, 0.25", "ru", [0.5, 0.25]),
        ("0,5", "ru", [0.5]),
        ("0,5 0,25", "ru", [0.5, 0.25]),
        ("1, 2", "ru", [1.0, 2.0]),
        ("1,2", "en", [1.0, 2.0]),
        ("", "ru", []),
    ],
)
def test_a_list_of_numbers_is_read_either_way(typed, lang, numbers):
    assert i18n.parse_numbers(typed, lang) == numbers


def test_a_bad_number_in_a_list_is_named():
    with pytest.raises(ValueError, match="half"):
        i18n.parse_numbers("1; half", "ru")


def test_a_message_renders_its_values_in_each_language_and_crosses_processes():
    filled = say("data_downloading", file=say("pictures", n=3))
    assert (str(filled), filled.in_language("ru")) == ("Downloading 3 pictures", "Скачиваем 3 картинки")
    grouped = say("pictures_not_used", most=10_000, more=1_234)
    assert "10,000" in grouped and "10\u00a0000" in grouped.in_language("ru")
    scored = say("rec_end", score=Number(8.625, 2))
    assert (str(scored), scored.in_language("ru")) == ("At the end: judge score 8.62.", "В конце: оценка судьи 8,62.")
    back = pickle.loads(pickle.dumps(scored))  # crosses to a worker process and back
    assert type(back) is Message and back.in_language("ru") == scored.in_language("ru")
    assert i18n.from_json(i18n.to_json(filled)).in_language("ru") == "Скачиваем 3 картинки"
    both = joined([say("reason_damaged"), say("reason_empty")], "; ")
    assert (str(both), both.in_language("ru")) == ("damaged; empty", "повреждены; пустые")
    assert (
        said_by(ValueError(filled)) is filled
        and said_by(ValueError("plain")) == "plain"
        and said_by(ValueError()) == ""
    )
    assert filled.in_language("de") == "Downloading 3 pictures"  # no catalogue: the English


def test_problems_words_and_core_sentences_are_translated():
    for problem in PROBLEMS.values():
        for what in problem.words:
            assert problem.say(what, "ru") != problem.say(what, "en")
    for key, text in SENTENCES.items():
        values = {b: 2 for b in _blanks(text if isinstance(text, str) else text.singular)} | {"n": 2}
        assert Message(text, **values).in_language("ru") != str(Message(text, **values)), key


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in [*ROOT.glob("explorer/ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "explorer" / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text()))
    assert sorted(used - set(TEXT)) == []
    said = set()
    for path in ROOT.glob("explorer/**/*.py"):
        said |= set(re.findall(r"""(?<![.\w])say\(\s*["']([a-z0-9_]+)["']""", path.read_text()))
    assert sorted(said - set(SENTENCES)) == []


def test_no_key_is_built_at_run_time():
    """A key made from a variable (t(f"fix_{fix}")) cannot be checked by any tool: a page looks its
    words up in a table of marked texts instead. (The command line's own `say` prints English.)"""
    built = []
    for path in [*ROOT.glob("explorer/**/*.py"), *ROOT.glob("pages/*.py")]:
        if "cli" not in path.relative_to(ROOT).parts:
            found = re.findall(r"""\b(?:t|say)\(\s*f["'][^"']*["']""", path.read_text())
            built += [f"{path.name}: {m}" for m in found]
    assert built == []


def test_a_new_language_is_one_file(german):
    """A teacher copies the Russian catalogue, translates it (here: two messages) and compiles it:
    the language is offered, its words are used, and what it lacks is English."""
    assert i18n.languages() == {"en": "English", "de": "Deutsch", "ru": "Русский"}
    assert render(TEXT["what_is_gan"], "de") == "Was ein GAN ist"
    assert say("pictures", n=1_500).in_language("de") == "1.500 Bilder"  # Babel's German numbers
    assert render(TEXT["tagline"], "de") == render(TEXT["tagline"], "en")
