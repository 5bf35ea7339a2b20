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
