"""The app's words in English and Russian (the class that uses it speaks Russian): the shared ones
here, each page's in its words.py, the recipes' beside their settings (explorer/gan/presets.py)."""

from __future__ import annotations

import re

import streamlit as st

from explorer.gan.presets import PRESETS
from explorer.harmonic.presets import HARMONIC_PRESETS
from explorer.style.pictures import PHOTOS, STYLES
from explorer.ui.compare.words import WORDS as COMPARE
from explorer.ui.harmonic.words import WORDS as HARMONIC
from explorer.ui.latent.words import WORDS as LATENT
from explorer.ui.style.words import WORDS as STYLE
from explorer.ui.train.words import WORDS as TRAIN
from explorer.words import Said, count, cpu

LANGUAGES = {"en": "English", "ru": "Русский"}

TEXT: dict[str, dict[str, str]] = {
    "tagline": {
        "en": "Watch generative adversarial networks learn, live, from the lesson notes' own recipes.",
        "ru": "Смотрите, как учатся генеративно-состязательные сети — вживую, по рецептам из конспектов уроков.",
    },
    "what_is_gan": {"en": "What a GAN is", "ru": "Что такое GAN"},
    "gan_body": {
        "en": "Two networks play a game. The **generator G** turns random noise *z* into a picture. "
        "The **discriminator D** looks at a picture and says how likely it is to be real. "
        "D learns to tell real pictures from G's fakes; G learns to fool D. "
        "When neither can improve, G's pictures look like the real ones.",
        "ru": "Две сети играют в игру. **Генератор G** превращает случайный шум *z* в картинку. "
        "**Дискриминатор D** смотрит на картинку и оценивает, насколько она похожа на настоящую. "
        "D учится отличать настоящие картинки от подделок G, а G учится обманывать D. "
        "Когда ни одна сеть не может улучшиться, картинки G похожи на настоящие.",
    },
    "losses": {"en": "The two losses (student slides)", "ru": "Две функции потерь (слайды студентов)"},
    "losses_note": {
        "en": "D is also trained with real labels smoothed to 0.9 (lesson 1), so it never becomes too sure of itself.",
        "ru": "Метки настоящих картинок для D сглажены до 0.9 (урок 1), чтобы D не становился слишком уверенным.",
    },
    "real_digits": {"en": "What the GANs learn from", "ru": "На чём учатся сети"},
    "presets": {"en": "The recipes of the lesson notes", "ru": "Рецепты из конспектов уроков"},
    "judge": {"en": "How generated digits are judged", "ru": "Как оцениваются сгенерированные цифры"},
    "judge_body": {
        "en": "A small digit classifier, trained by the project on the digits above, looks at generated samples. "
        "**Inception-style score**: 10 when the samples are confident digits spread over all ten classes, "
        "1 when they all look alike or like nothing. **Class shares**: how often each digit appears "
        "(a GAN that forgets digits shows *mode collapse*). **Fréchet distance**: how far the samples' "
        "features are from real digits' (0 is best).",
        "ru": "Небольшой классификатор цифр, обученный проектом на цифрах выше, оценивает сгенерированные картинки. "
        "**Оценка Inception**: 10, когда это уверенные цифры всех десяти классов поровну, и 1, когда все "
        "картинки одинаковы или ни на что не похожи. **Доли классов**: как часто встречается каждая цифра "
        "(сеть, забывшая цифры, показывает *коллапс мод*). **Расстояние Фреше**: насколько признаки картинок "
        "далеки от признаков настоящих цифр (0 — лучше всего).",
    },
    "judge_stats": {
        "en": "On the 10,000 held-out MNIST test digits it is right {acc:.1%} "
        "of the time; real digits score {score:.2f}.",
        "ru": "На 10\u00a0000 отложенных тестовых цифрах MNIST он прав в {acc:.1%} "
        "случаев; настоящие цифры получают {score:.2f}.",
    },
    "details": {"en": "The details", "ru": "Подробности"},
    "cli": {"en": "The same engine from a terminal", "ru": "Тот же движок из терминала"},
    "device": {"en": "Computing on", "ru": "Вычисления на"},
    "language": {"en": "Language", "ru": "Язык"},
    "nav_home": {"en": "Home", "ru": "Главная"},
    "nav_lesson": {"en": "Lesson", "ru": "Урок"},
    # --- the guided lesson (explorer/ui/lesson/) -----------------------------------------------------
    "lesson_title": {"en": "The lesson, step by step", "ru": "Урок по шагам"},
    "lesson_intro": {
        "en": "{steps} steps through the app, about {minutes} minutes. Each step says what to do, what to "
        "notice and what to ask the class.",
        "ru": "{steps} шагов по приложению, около {minutes} минут. В каждом шаге — что сделать, на что "
        "обратить внимание и что спросить у класса.",
    },
    "lesson_path": {"en": "The lesson's steps", "ru": "Шаги урока"},
    "lesson_step": {"en": "Step {n} of {total}: {title}", "ru": "Шаг {n} из {total}: {title}"},
    "lesson_minutes": {"en": "About {minutes} min", "ru": "Около {minutes} мин"},
    "lesson_do": {"en": "Do:", "ru": "Сделайте:"},
    "lesson_open": {"en": "Open the page", "ru": "Открыть страницу"},
    "lesson_notice": {"en": "Notice:", "ru": "Обратите внимание:"},
    "lesson_ask": {"en": "Ask the class:", "ru": "Спросите класс:"},
    "lesson_back": {"en": "Back", "ru": "Назад"},
    "lesson_next": {"en": "Next step", "ru": "Следующий шаг"},
    "nav_train": {"en": "Train", "ru": "Обучение"},
    "nav_latent": {"en": "Latent space", "ru": "Латентное пространство"},
    "nav_harmonic": {"en": "Harmonic GAN", "ru": "Гармонический GAN"},
    # --- jobs: the queue, watching, asking first ------------------------------------------------
    "jobs_queued": {
        "en": "Waiting for a free slot on this computer: number {n} in the queue.",
        "ru": "Ждём свободного места на этом компьютере: номер {n} в очереди.",
    },
    "jobs_queued_cluster": {
        "en": "Waiting for a free slot on the class's computers: number {n} in the queue.",
        "ru": "Ждём свободного места на компьютерах класса: номер {n} в очереди.",
    },
    "jobs_link_gone_training": {
        "en": "The training in this link is no longer on the server: the server was restarted, or every tab "
        "that showed it was closed. Start a new one below.",
        "ru": "Обучения по этой ссылке на сервере больше нет: сервер перезапускался или все вкладки с ним "
        "были закрыты. Начните новое ниже.",
    },
    "jobs_link_gone_painting": {
        "en": "The painting in this link is no longer on the server: the server was restarted, or every tab "
        "that showed it was closed. Start a new one below.",
        "ru": "Картины по этой ссылке на сервере больше нет: сервер перезапускался или все вкладки с ней "
        "были закрыты. Начните новую ниже.",
    },
    "jobs_waits_for_own": {
        "en": "Waiting for your {what} to end: one training or painting per person at a time, "
        "so that everyone gets a turn. Stop it to start this one now.",
        "ru": "Ждём, пока закончится ваше {what}: одно обучение или одна картина на человека "
        "за раз, чтобы очередь дошла до всех. Остановите его, чтобы начать это сейчас.",
    },
    "jobs_kind_train": {"en": "training", "ru": "обучение"},
    "jobs_kind_style": {"en": "painting", "ru": "рисование"},
    "jobs_watching": {
        "en": "You are watching someone else's run: only the person who started it can control it.",
        "ru": "Вы смотрите чужой запуск: управлять им может только тот, кто его начал.",
    },
    "jobs_ask_title": {"en": "Throw this work away?", "ru": "Выбросить эту работу?"},
    "jobs_keep": {"en": "Keep it", "ru": "Оставить"},
    # --- the teacher and the classroom (explorer/ui/teacher.py, classroom.py) -----------------
    "teacher": {"en": "Teacher", "ru": "Учитель"},
    "teacher_off": {
        "en": "Teacher mode is off on this server: it needs a password in the server's settings "
        "(the environment variable `{env}`, or `teacher_password` in `.streamlit/secrets.toml`).",
        "ru": "Режим учителя на этом сервере выключен: для него нужен пароль в настройках сервера "
        "(переменная окружения `{env}` или `teacher_password` в `.streamlit/secrets.toml`).",
    },
    "teacher_password": {"en": "Teacher's password", "ru": "Пароль учителя"},
    "teacher_unlock": {"en": "Unlock teacher mode", "ru": "Включить режим учителя"},
    "teacher_wrong": {"en": "That is not the teacher's password.", "ru": "Это не пароль учителя."},
    "teacher_on": {
        "en": "Teacher mode: you can show your runs to the class and hide controls on students' screens.",
        "ru": "Режим учителя: можно показывать свои запуски классу и прятать настройки на экранах учеников.",
    },
    "teacher_lock": {"en": "Leave teacher mode", "ru": "Выйти из режима учителя"},
    "class_share": {"en": "Show the class", "ru": "Показать классу"},
    "class_share_help": {
        "en": "Students open this link or scan the code: they watch this run live, and cannot "
        "pause, stop or change it.",
        "ru": "Ученики открывают ссылку или сканируют код: они смотрят этот запуск вживую и не могут "
        "его приостановить, остановить или изменить.",
    },
    "class_scan": {"en": "A phone's camera opens the link", "ru": "Камера телефона откроет ссылку"},
    "class_panel": {"en": "Classroom panel", "ru": "Панель класса"},
    "class_hide": {"en": "Hide on students' screens", "ru": "Спрятать на экранах учеников"},
    "class_hide_help": {
        "en": "Give the class this link (or the code): the page opens as it is now, with these controls hidden.",
        "ru": "Дайте классу эту ссылку (или код): страница откроется такой, как сейчас, но без этих настроек.",
    },
    "class_nothing_to_hide": {"en": "This page has no controls to hide.", "ru": "На этой странице нечего прятать."},
    "class_rates": {"en": "Learning rates and D steps", "ru": "Скорости обучения и шаги D"},
    "class_weights": {"en": "Loss weights", "ru": "Веса потерь"},
    "class_size_time": {"en": "Size and how long", "ru": "Размер и длительность"},
}
for _words in (TRAIN, HARMONIC, LATENT, STYLE, COMPARE):
    TEXT.update(_words)

# The recipes' titles and descriptions, both languages beside their settings (explorer/gan/presets.py).
for _name, _preset in list(PRESETS.items()) + list(HARMONIC_PRESETS.items()):
    TEXT[f"preset_title_{_name}"] = {"en": _preset.title, "ru": _preset.title_ru}
    TEXT[f"preset_{_name}"] = {"en": _preset.source, "ru": _preset.source_ru}
    TEXT[f"preset_plain_{_name}"] = {"en": _preset.plain, "ru": _preset.plain_ru}
# The style page's sample pictures, named in both languages beside their files (explorer/style/pictures.py).
for _name, _sample in {**PHOTOS, **STYLES}.items():
    TEXT[f"st_sample_{_name}"] = {"en": _sample.title, "ru": _sample.title_ru}


def recipe_words(name: str) -> None:
    """A recipe's words at two levels: the plain sentence, and the engineering details one click away."""
    st.caption(t(f"preset_plain_{name}"))
    with st.expander(t("details")):
        st.caption(t(f"preset_{name}"))


def lang() -> str:
    """The page's language: the sidebar's choice, kept in the URL as `?lang=ru` (read from the link
    itself before the sidebar is drawn: the navigation's titles come first)."""
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    return chosen if chosen in LANGUAGES else "en"


def model_title(meta: dict, field: str = "name") -> str:
    """A shipped model's title (its JSON's "name", or "name_ru" for the page in Russian), or
    another of its sentences (`field`, e.g. "data", with its "data_ru")."""
    return meta.get(f"{field}_ru") or meta.get(field, "") if lang() == "ru" else meta.get(field, "")


def device_words(text: str) -> str:
    """A device as a shipped model's JSON names it ("CPU (2 threads), then CPU (1 thread)") in the
    page's language."""
    if lang() != "ru":
        return text
    text = re.sub(r"CPU \((\d+) threads?\)", lambda m: cpu(int(m.group(1))).ru, text)
    return text.replace(", then ", ", затем ")


def number(x: float, digits: int = 0) -> str:
    """`x` as the page's reader writes it: "1,297.5" in English, "1 297,5" in Russian (a no-break
    space between thousands, a decimal comma)."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang() == "ru" else text


def counted(n: int, en: tuple[str, str], ru: tuple[str, str, str]) -> str:
    """ "4 points" / "4 точки" in the page's language (explorer/words.py `count`)."""
    return said(count(n, en, ru))


def short_number(x: float) -> str:
    """`x` in its shortest form ("0.0005"), with a decimal comma in Russian ("0,0005")."""
    text = f"{x:g}"
    return text.replace(".", ",") if lang() == "ru" else text


def chart_numbers() -> dict:
    """A Plotly layout's number format in the page's language: "0,5" and "1 500" on a Russian axis."""
    return {"separators": ", "} if lang() == "ru" else {}


def percent_suffix() -> str:
    """What follows a percentage: "%" in English, "\u00a0%" (a no-break space first) in Russian."""
    return "\u00a0%" if lang() == "ru" else "%"


def percent(share: float, digits: int = 0) -> str:
    """A share as a percentage: "98.8%" in English, "98,8 %" in Russian."""
    return number(100 * share, digits) + percent_suffix()


def said(text: str) -> str:
    """A sentence from the core (explorer/words.py) in the page's language; other text as it is."""
    return text.in_language(lang()) if isinstance(text, Said) else text


def t(key: str, **values) -> str:
    text = TEXT[key][lang()]
    return text.format(**values) if values else text
