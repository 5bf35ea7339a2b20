"""Every text the app shows exists in English and Russian, with the same blanks to fill in, and
every key the pages ask for exists (issue 17: Russian throughout)."""

import re
import string
from pathlib import Path

import pytest

from explorer.gan.problems import PROBLEMS
from explorer.ui.text import TEXT
from explorer.words import SENTENCES, say

ROOT = Path(__file__).resolve().parent.parent


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", [TEXT, SENTENCES], ids=["ui", "core"])
def test_every_text_has_both_languages_with_the_same_blanks(table):
    for key, words in table.items():
        assert set(words) == {"en", "ru"} and words["en"].strip() and words["ru"].strip(), key
        assert _blanks(words["en"]) == _blanks(words["ru"]), key


def test_russian_texts_are_russian():
    """A Russian text with no Cyrillic letter is an English one left untranslated (names, symbols
    and formulas excepted: "GAN", "D(x)", "KL", "{n} px")."""
    untranslated = [
        key
        for key, words in TEXT.items()
        if not re.search("[а-яё]", words["ru"], re.I)
        and re.search("[a-z]{4,}", words["ru"])
        and words["ru"] not in ("English",)
    ]
    assert untranslated == []


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in [*ROOT.glob("explorer/ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "explorer" / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text()))
    asked = {key for key in used if not key.endswith("_")}  # "preset_" + name: a family of keys
    assert sorted(asked - set(TEXT)) == []


def test_problems_words_and_core_sentences_fill_in_both_languages():
    for problem in PROBLEMS.values():
        for what in problem.words:
            assert problem.say(what, "ru") != problem.say(what, "en")
    from explorer.words import Said

    said = say("data_torchvision", title="MNIST", part=Said("training", "обучающая"), n=60000, root="/data")
    assert "60,000" in said and "60\u00a0000" in said.ru


def test_the_words_helpers_agree_in_both_languages():
    import pickle

    from explorer.words import Said, count, cpu, decimal, joined, plural_ru, reason, said_by

    forms = ("поток", "потока", "потоков")
    assert [plural_ru(n, *forms) for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, -1)] == [
        "потоков", "поток", "потока", "потока", "потоков", "потоков", "потоков", "потоков",
        "поток", "потока", "потоков", "поток", "потоков", "потоков", "поток",
    ]  # fmt: skip
    assert (str(cpu(1)), cpu(1).ru, str(cpu(2)), cpu(2).ru) == (
        "CPU (1 thread)",
        "CPU (1 поток)",
        "CPU (2 threads)",
        "CPU (2 потока)",
    )
    assert (str(cpu(8)), cpu(8).ru) == ("CPU (8 threads)", "CPU (8 потоков)")
    assert (str(count(1, ("file", "files"), forms)), count(1, ("file", "files"), forms).ru) == ("1 file", "1 поток")
    big = count(12_345, ("file", "files"), forms)
    assert (str(big), big.ru) == ("12,345 files", "12\u00a0345 потоков")
    assert (str(decimal(2.71828)), decimal(2.71828).ru, decimal(2.5, 2).ru) == ("2.7", "2,7", "2,50")
    both = joined([Said("a", "а"), Said("b", "б")], " and ", " и ")
    assert (str(both), both.ru) == ("a and b", "а и б")
    assert (reason("damaged"), reason("damaged").ru) == ("damaged", "повреждены")
    assert (
        reason("larger than 50 MB").ru == "больше 50 МБ"
        and reason("over 1,000 pixels").ru == "больше 1\u00a0000 пикселей"
    )
    assert reason("smaller than 8 px").ru == "меньше 8 px" and reason("odd, new").ru == "odd, new"  # unknown: as is
    said = Said("Hello", "Привет")
    assert (said.in_language("ru"), said.in_language("en"), said.in_language("de")) == ("Привет", "Hello", "Hello")
    back = pickle.loads(pickle.dumps(said))  # crosses to a worker process and back
    assert (str(back), back.ru, type(back)) == ("Hello", "Привет", Said)
    assert said_by(ValueError(said)).ru == "Привет" and said_by(ValueError("plain")) == "plain"
    assert said_by(ValueError()) == ""


def test_say_writes_numbers_and_nested_sentences_in_each_language():
    from explorer.words import Said

    filled = say("data_downloading", file=Said("pictures.zip", "картинки.zip"))
    assert (str(filled), filled.ru) == ("Downloading pictures.zip", "Скачиваем картинки.zip")
    number = say("pictures_not_used", most=10_000, more=1_234)
    assert "10,000" in number and "1,234" in number and "10\u00a0000" in number.ru and "1\u00a0234" in number.ru
    flag = say("pictures_read", pictures=True, size=32)  # a bool is not a number to group
    assert str(flag).startswith("True,")
