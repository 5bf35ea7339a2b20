"""The sentences the core says to people (where the data came from, why a run stopped), in English
and Russian: the class that uses the app speaks Russian, the CLI and the logs speak English.

`say(key, **values)` returns a `Said`: a str that is the English sentence (so the CLI, logs,
exceptions and tests read it as before) and carries the Russian one as `.ru`, which the app shows
(explorer/ui/text.py `said`). It survives pickling, so it crosses from a job's worker to the page.
A value that is itself a `Said` is put in each language's sentence in that language; whole numbers
are written the reader's way ("60,000" / "60 000").
"""

from __future__ import annotations

import re

SENTENCES: dict[str, dict[str, str]] = {
    "data_torchvision": {
        "en": "{title} {part} set, {n} pictures (torchvision, {root}).",
        "ru": "{title}, {part} выборка: {n} картинок (torchvision, {root}).",
    },
    "data_offline": {
        "en": "MNIST could not be downloaded, so this uses the 5,000 real MNIST digits that come with the app "
        "(500 of each digit).",
        "ru": "MNIST не удалось скачать, поэтому здесь 5 000 настоящих цифр MNIST, которые есть в приложении "
        "(по 500 каждой цифры).",
    },
    "data_offline_chosen": {
        "en": "The 5,000 real MNIST digits that come with the app (500 of each digit), the digits the recording "
        "was made on.",
        "ru": "5 000 настоящих цифр MNIST, которые есть в приложении (по 500 каждой цифры), — те же, на которых "
        "сделана запись.",
    },
    # What a recorded run shows, in numbers measured on it (explorer/gan/recording.py)
    "rec_best": {
        "en": "Best at epoch {epoch}: judge score {score} of 10.",
        "ru": "Лучшая эпоха — {epoch}: оценка судьи {score} из 10.",
    },
    "rec_d_wins": {
        "en": "From epoch {epoch} on, D wins: it spots nearly every fake (D(G(z)) below 0.05 in nine "
        "epochs of ten) and G stops getting better.",
        "ru": "С эпохи {epoch} побеждает D: он распознаёт почти каждую подделку (D(G(z)) ниже 0,05 в "
        "девяти эпохах из десяти), и G перестаёт становиться лучше.",
    },
    "rec_collapse": {
        "en": "At the end G draws almost the same picture for every noise vector (mode collapse).",
        "ru": "К концу G рисует почти одну и ту же картинку для любого вектора шума (коллапс мод).",
    },
    "rec_end": {"en": "At the end: judge score {score}.", "ru": "В конце: оценка судьи {score}."},
    "rec_steps": {
        "en": "These {epochs} of {pictures} digits are {steps}; on the full MNIST (60,000 digits) they would "
        "be {full}.",
        "ru": "Эти {epochs} по {pictures} цифр — это {steps}; на полном MNIST (60\u00a0000 цифр) было бы {full}.",
    },
    "data_not_saved": {
        "en": "MNIST is not saved on this computer, so this uses the 5,000 real MNIST digits that come with the "
        "app (500 of each digit).",
        "ru": "MNIST не сохранён на этом компьютере, поэтому здесь 5 000 настоящих цифр MNIST, которые есть в "
        "приложении (по 500 каждой цифры).",
    },
    "data_no_fashion": {
        "en": "Fashion-MNIST is not on this computer and could not be downloaded. Connect to the internet once "
        "(it is then kept in {root}), or train on MNIST, which works offline.",
        "ru": "Fashion-MNIST нет на этом компьютере, и скачать его не удалось. Подключитесь к интернету один раз "
        "(после этого он хранится в {root}) или обучайте на MNIST — он работает без интернета.",
    },
    "data_downloading": {"en": "Downloading {file}", "ru": "Скачиваем {file}"},
    "progress": {"en": "{what}: {percent}%", "ru": "{what}: {percent}\u00a0%"},
    "data_downloaded": {"en": "Download complete", "ru": "Скачивание завершено"},
    "training_stopped": {"en": "Training stopped: {error}", "ru": "Обучение остановлено: {error}"},
    "training_diverged": {
        "en": "Training diverged: a loss became NaN or infinite between steps {good} and {bad}. The weights of "
        "step {good}, the last good ones, are kept. Lower the learning rates (halve D's first), keep label "
        "smoothing at 0.9, or train in fp32.",
        "ru": "Обучение разошлось: между шагами {good} и {bad} потери стали NaN или бесконечностью. Сохранены "
        "веса шага {good}, последние хорошие. Уменьшите скорости обучения (сначала вдвое у D), оставьте "
        "сглаживание меток 0.9 или обучайте в fp32.",
    },
    # your own pictures (explorer/data/pictures.py, explorer/formats/images.py)
    "pictures_read": {
        "en": "{pictures}, centre-cropped to {size}×{size} px.",
        "ru": "{pictures}, обрезаны по центру до {size}×{size} px.",
    },
    "pictures_skipped": {"en": "{files} skipped: {parts}.", "ru": "Пропущено: {files} — {parts}."},
    "pictures_not_used": {
        "en": "Only the first {most} are used ({more} more files not read).",
        "ru": "Используются только первые {most} (ещё файлов не прочитано: {more}).",
    },
    "pictures_too_few": {
        "en": "{found} found{why}. A GAN needs at least {least} (the slides used 10,000): upload a "
        "zip of PNG or JPEG pictures.",
        "ru": "Найдено: {found}{why}. GAN нужно хотя бы {least} (на слайдах было 10\u00a0000): загрузите "
        "zip с картинками PNG или JPEG.",
    },
    "picture_not_pictures": {
        "en": "that file is not a picture that can be read (PNG, JPEG, WebP, GIF, BMP or TIFF)",
        "ru": "этот файл — не картинка, которую можно прочитать (PNG, JPEG, WebP, GIF, BMP или TIFF)",
    },
    "picture_damaged": {
        "en": "that picture is damaged and cannot be read",
        "ru": "эта картинка повреждена, и её не прочитать",
    },
    "picture_empty": {"en": "that file is empty", "ru": "этот файл пуст"},
    # the cluster backend (explorer/jobs/cluster/): a replica that cannot reach the job service
    "cluster_unavailable": {
        "en": "Trainings, games and paintings cannot start or be shown right now: this server cannot reach "
        "the computers that run them. The teacher can check the cluster; the other pages work.",
        "ru": "Обучение, игры и рисование сейчас нельзя ни начать, ни показать: этот сервер не может связаться "
        "с компьютерами, на которых они идут. Учитель может проверить кластер; остальные страницы работают.",
    },
    "picture_is": {"en": "that picture is {reason}", "ru": "эта картинка не подходит: {reason}"},
}

# Why a file was left out, short, as a list of skipped files says it (explorer/formats/images.py)
REASONS_RU = {
    "not pictures": "не картинки",
    "damaged": "повреждены",
    "empty": "пустые",
    "protected by a password": "защищены паролем",
    "too many pixels (a decompression bomb?)": "слишком много пикселей (бомба-распаковка?)",
}
_REASON_PATTERNS_RU = (
    (r"larger than (\d+) MB", r"больше \1 МБ"),
    (r"over ([\d,]+) pixels", r"больше \1 пикселей"),
    (r"smaller than (\d+) px", r"меньше \1 px"),
)


def reason(text: str) -> Said:
    """A short reason ("damaged", "larger than 20 MB") in both languages."""
    ru = REASONS_RU.get(text)
    if ru is None:
        ru = text
        for pattern, replacement in _REASON_PATTERNS_RU:
            ru = re.sub(pattern, replacement, ru)
        ru = ru.replace(",", "\u00a0") if ru != text else ru
    return Said(text, ru)


class Said(str):
    """An English sentence (the str itself) that carries its Russian twin in `.ru`."""

    ru: str

    def __new__(cls, en: str, ru: str) -> Said:
        said = super().__new__(cls, en)
        said.ru = ru
        return said

    def __reduce__(self):
        return Said, (str(self), self.ru)

    def in_language(self, lang: str) -> str:
        return self.ru if lang == "ru" else str(self)


def say(key: str, **values) -> Said:
    """The sentence `key` of SENTENCES with `values` filled in, in both languages."""
    sentence = SENTENCES[key]
    return Said(sentence["en"].format(**_written(values, "en")), sentence["ru"].format(**_written(values, "ru")))


def decimal(x: float, digits: int = 1) -> Said:
    """ "2.7" / "2,7"."""
    text = f"{x:.{digits}f}"
    return Said(text, text.replace(".", ","))


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form that agrees with `n`: 1 поток, 2 потока, 5 потоков, 21 поток, 11 потоков."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def cpu(threads: int) -> Said:
    """ "CPU (2 threads)" / "CPU (2 потока)"."""
    return Said(
        f"CPU ({threads} thread{'' if threads == 1 else 's'})",
        f"CPU ({threads} {plural_ru(threads, 'поток', 'потока', 'потоков')})",
    )


def count(n: int, en: tuple[str, str], ru: tuple[str, str, str]) -> Said:
    """ "3 pictures" / "3 картинки": `n` with its noun agreeing (en: one, many; ru: one, few, many)."""
    return Said(f"{n:,} {en[0] if n == 1 else en[1]}", f"{n:,} {plural_ru(n, *ru)}".replace(",", "\u00a0"))


def joined(parts: list[Said], en: str, ru: str) -> Said:
    """Saids joined with `en` between the English ones and `ru` between the Russian ones."""
    return Said(en.join(parts), ru.join(p.ru for p in parts))


def said_by(error: BaseException) -> str:
    """What an exception says, keeping both languages when it was raised with a `Said`
    (str(error) would keep only the English)."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, Said) else str(error)


def _written(values: dict, lang: str) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, Said):
            value = value.in_language(lang)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:,}".replace(",", "\u00a0" if lang == "ru" else ",")
        out[name] = value
    return out
