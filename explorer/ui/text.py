"""The app's words on a page: the shared ones here, each page's in its words.py, the recipes'
beside their settings (explorer/gan/presets.py); all of them English marked for the catalogue,
rendered in the page's language by `t` (a key of TEXT) and `tr` (any marked text), with numbers
written the reader's way (explorer/i18n)."""

from __future__ import annotations

import re

import streamlit as st

from explorer import i18n
from explorer.gan.presets import PRESETS
from explorer.harmonic.presets import HARMONIC_PRESETS
from explorer.i18n import N_, Message, Text
from explorer.ui.compare.words import WORDS as COMPARE
from explorer.ui.harmonic.words import WORDS as HARMONIC
from explorer.ui.latent.words import WORDS as LATENT
from explorer.ui.style.words import WORDS as STYLE
from explorer.ui.train.words import WORDS as TRAIN
from explorer.words import say

TEXT: dict[str, Text] = {
    "tagline": N_("Watch generative adversarial networks learn, live, from the lesson notes' own recipes."),
    "what_is_gan": N_("What a GAN is"),
    "gan_body": N_(
        "Two networks play a game. The **generator G** turns random noise *z* into a picture. "
        "The **discriminator D** looks at a picture and says how likely it is to be real. "
        "D learns to tell real pictures from G's fakes; G learns to fool D. "
        "When neither can improve, G's pictures look like the real ones."
    ),
    "losses": N_("The two losses (student slides)"),
    "losses_note": N_(
        "D is also trained with real labels smoothed to 0.9 (lesson 1), so it never becomes too sure of itself."
    ),
    "real_digits": N_("What the GANs learn from"),
    "presets": N_("The recipes of the lesson notes"),
    "judge": N_("How generated digits are judged"),
    "judge_body": N_(
        "A small digit classifier, trained by the project on the digits above, looks at generated samples. "
        "**Inception-style score**: 10 when the samples are confident digits spread over all ten classes, "
        "1 when they all look alike or like nothing. **Class shares**: how often each digit appears "
        "(a GAN that forgets digits shows *mode collapse*). **Fréchet distance**: how far the samples' "
        "features are from real digits' (0 is best)."
    ),
    "judge_stats": N_(
        "On the 10,000 held-out MNIST test digits it is right {acc} of the time; real digits score {score}."
    ),
    "details": N_("The details"),
    "cli": N_("The same engine from a terminal"),
    "device": N_("Computing on"),
    "language": N_("Language"),
    "nav_home": N_("Home"),
    "nav_lesson": N_("Lesson"),
    # --- the guided lesson (explorer/ui/lesson/) -----------------------------------------------------
    "lesson_title": N_("The lesson, step by step"),
    "lesson_intro": N_(
        "{steps} steps through the app, about {minutes} minutes. Each step says what to do, what to "
        "notice and what to ask the class."
    ),
    "lesson_path": N_("The lesson's steps"),
    "lesson_step": N_("Step {n} of {total}: {title}"),
    "lesson_minutes": N_("About {minutes} min"),
    "lesson_do": N_("Do:"),
    "lesson_open": N_("Open the page"),
    "lesson_notice": N_("Notice:"),
    "lesson_ask": N_("Ask the class:"),
    "lesson_back": N_("Back"),
    "lesson_next": N_("Next step"),
    "nav_train": N_("Train"),
    "nav_latent": N_("Latent space"),
    "nav_harmonic": N_("Harmonic GAN"),
    # --- jobs: the queue, watching, asking first ------------------------------------------------
    "jobs_queued": N_("Waiting for a free slot on this computer: number {n} in the queue."),
    "jobs_queued_cluster": N_("Waiting for a free slot on the class's computers: number {n} in the queue."),
    "jobs_link_gone_training": N_(
        "The training in this link is no longer on the server: the server was restarted, or every tab "
        "that showed it was closed. Start a new one below."
    ),
    "jobs_link_gone_painting": N_(
        "The painting in this link is no longer on the server: the server was restarted, or every tab "
        "that showed it was closed. Start a new one below."
    ),
    "jobs_waits_for_own": N_(
        "Waiting for your {what} to end: one training or painting per person at a time, "
        "so that everyone gets a turn. Stop it to start this one now."
    ),
    "jobs_watching": N_("You are watching someone else's run: only the person who started it can control it."),
    "jobs_ask_title": N_("Throw this work away?"),
    "jobs_keep": N_("Keep it"),
    # --- the teacher and the classroom (explorer/ui/teacher.py, classroom.py) -----------------
    "teacher": N_("Teacher"),
    "teacher_off": N_(
        "Teacher mode is off on this server: it needs a password in the server's settings "
        "(the environment variable `{env}`, or `teacher_password` in `.streamlit/secrets.toml`)."
    ),
    "teacher_password": N_("Teacher's password"),
    "teacher_unlock": N_("Unlock teacher mode"),
    "teacher_wrong": N_("That is not the teacher's password."),
    "teacher_on": N_("Teacher mode: you can show your runs to the class and hide controls on students' screens."),
    "teacher_lock": N_("Leave teacher mode"),
    "class_share": N_("Show the class"),
    "class_share_help": N_(
        "Students open this link or scan the code: they watch this run live, and cannot pause, stop or change it."
    ),
    "class_scan": N_("A phone's camera opens the link"),
    "class_panel": N_("Classroom panel"),
    "class_hide": N_("Hide on students' screens"),
    "class_hide_help": N_(
        "Give the class this link (or the code): the page opens as it is now, with these controls hidden."
    ),
    "class_nothing_to_hide": N_("This page has no controls to hide."),
    "class_rates": N_("Learning rates and D steps"),
    "class_weights": N_("Loss weights"),
    "class_size_time": N_("Size and how long"),
    "then": N_(", then "),  # between the devices a shipped model was trained on, in turn
}

# what a kind of job is called in "waiting for your …" (explorer/ui/jobs.py)
JOB_KINDS: dict[str, Text] = {
    "train": N_("training"),
    "style": N_("painting"),
}
for _words in (TRAIN, HARMONIC, LATENT, STYLE, COMPARE):
    TEXT.update(_words)
RECIPES = {**PRESETS, **HARMONIC_PRESETS}


def recipe_title(name: str) -> str:
    return tr(RECIPES[name].title)


def recipe_words(name: str) -> None:
    """A recipe's words at two levels: the plain sentence, and the engineering details one click away."""
    st.caption(tr(RECIPES[name].plain))
    with st.expander(t("details")):
        st.caption(tr(RECIPES[name].source))


def lang() -> str:
    """The page's language: the sidebar's choice, kept in the URL as `?lang=ru` (read from the link
    itself before the sidebar is drawn: the navigation's titles come first)."""
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    return chosen if chosen in i18n.languages() else i18n.SOURCE


def model_title(meta: dict, field: str = "name") -> str:
    """A shipped model's title (its JSON's "name"), or another of its sentences (`field`, e.g.
    "data", kept with its message as "data_said"), in the page's language: the catalogue has the
    shipped models' words (babel.cfg reads checkpoints/*.json); a teacher's own model keeps the
    words it was shipped with."""
    if meta.get(f"{field}_said"):
        return said(i18n.from_json(meta[f"{field}_said"]))
    return tr(meta.get(field, ""))


def device_words(text: str) -> str:
    """A device as a shipped model's JSON names it ("CPU (2 threads), then CPU (1 thread)") in the
    page's language."""
    text = re.sub(r"CPU \((\d+) threads?\)", lambda m: said(say("cpu", n=int(m.group(1)))), text)
    return text.replace(", then ", t("then"))


def number(x: float, digits: int = 0) -> str:
    """`x` as the page's reader writes it: "1,297.5" in English, "1 297,5" in Russian."""
    return i18n.number(x, lang(), digits)


def counted(key: str, n: int) -> str:
    """ "4 points" / "4 точки": a count of explorer/words.py, its noun agreeing with `n`."""
    return said(say(key, n=n))


def short_number(x: float) -> str:
    """`x` in its shortest form ("0.0005"), with a decimal comma in Russian ("0,0005")."""
    return i18n.shortest(x, lang())


def number_slider(label: str, low: float, high: float, value: float, step: float, **options) -> float:
    """A slider over `low`…`high` in `step`s whose numbers read the page's way ("0,25" in Russian):
    Streamlit's own number slider writes them with a decimal point whatever the language."""
    steps = round((high - low) / step)
    choices = [round(low + i * step, 6) for i in range(steps + 1)]
    return st.select_slider(label, choices, value=round(value, 6), format_func=short_number, **options)


def chart_numbers() -> dict:
    """A Plotly layout's number format in the page's language: "0,5" and "1 500" on a Russian axis."""
    return {"separators": i18n.separators(lang())}


def percent_affixes() -> tuple[str, str]:
    """What comes before and after a percentage's number (a chart's tick prefix and suffix)."""
    return i18n.percent_affixes(lang())


def percent(share: float, digits: int = 0) -> str:
    """A share as a percentage: "98.8%" in English, "98,8 %" in Russian."""
    return i18n.percent(share, lang(), digits)


def said(text: str) -> str:
    """A sentence from the core (a `Message`) in the page's language; other text as it is."""
    return text.in_language(lang()) if isinstance(text, Message) else text


def t(key: str, **values) -> str:
    """The words `key` of TEXT in the page's language, with `values` filled in."""
    return i18n.render(TEXT[key], lang(), **values)


def tr(text: Text, **values) -> str:
    """Marked words (a recipe's, a problem's, a sample picture's) in the page's language."""
    return i18n.render(text, lang(), **values)
