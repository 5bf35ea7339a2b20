"""The guided lesson: the 45-minute path through the pages, as numbered steps with what to do,
what to notice and a question for the class, in English and Russian side by side."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    page: str  # the page script the step happens on (pages/…, from the repository root)
    minutes: int
    words: dict[str, dict[str, str]]  # "title", "do", "notice", "ask" → {"en": …, "ru": …}

    def say(self, what: str, lang: str) -> str:
        return self.words[what]["ru" if lang == "ru" else "en"]


STEPS: list[Step] = [
    Step(
        "pages/home.py",
        5,
        {
            "title": {"en": "Two networks play a game", "ru": "Две сети играют в игру"},
            "do": {
                "en": "Read *What a GAN is* together and look at the real digits the networks learn from.",
                "ru": "Прочитайте вместе «Что такое GAN» и посмотрите на настоящие цифры, на которых учатся сети.",
            },
            "notice": {
                "en": "G never sees a real picture: it only hears from D how real its own pictures look.",
                "ru": "G ни разу не видит настоящую картинку: он только слышит от D, насколько настоящими "
                "выглядят его собственные.",
            },
            "ask": {
                "en": "How can G learn to draw digits without ever seeing one?",
                "ru": "Как G может научиться рисовать цифры, ни разу их не увидев?",
            },
        },
    ),
    Step(
        "pages/train.py",
        8,
        {
            "title": {"en": "Watch a GAN learn", "ru": "Смотрим, как учится GAN"},
            "do": {
                "en": "Keep the default recipe and press **Start**. Share the run with the class if you are the "
                "teacher.",
                "ru": "Оставьте рецепт по умолчанию и нажмите **«Старт»**. Если вы учитель, покажите запуск классу.",
            },
            "notice": {
                "en": "The same 16 noise vectors turn from grey noise into digits within a minute. D's and G's "
                "losses wander around each other; D(x) and D(G(z)) meet in the middle.",
                "ru": "Одни и те же 16 векторов шума за минуту превращаются из серого шума в цифры. Потери D и G "
                "блуждают друг около друга; D(x) и D(G(z)) сходятся посередине.",
            },
            "ask": {
                "en": "If G drew perfect digits, what would D(G(z)) be, and why?",
                "ru": "Если бы G рисовал идеальные цифры, чему был бы равен D(G(z)) и почему?",
            },
        },
    ),
    Step(
        "pages/train.py",
        5,
        {
            "title": {"en": "When D wins", "ru": "Когда побеждает D"},
            "do": {
                "en": "Open *Training problems* and press **Show it** under *D wins*. After a minute, press **Try the "
                "fix**.",
                "ru": "Откройте «Проблемы обучения» и нажмите **«Показать»** под «D побеждает». Через минуту "
                "нажмите **«Попробовать исправление»**.",
            },
            "notice": {
                "en": "D(G(z)) sinks to 0 and G's pictures stay a smudge; the page warns that D is winning.",
                "ru": "D(G(z)) падает к 0, картинки G остаются пятном; страница предупреждает, что D побеждает.",
            },
            "ask": {
                "en": "Why does G stop learning when D is never wrong?",
                "ru": "Почему G перестаёт учиться, когда D никогда не ошибается?",
            },
        },
    ),
    Step(
        "pages/train.py",
        5,
        {
            "title": {"en": "Mode collapse", "ru": "Коллапс мод"},
            "do": {
                "en": "Under *Mode collapse*, press **Show it**, then try the fix.",
                "ru": "Под «Коллапс мод» нажмите **«Показать»**, затем попробуйте исправление.",
            },
            "notice": {
                "en": "Every noise vector gives the same picture, and the judge's digit chart shrinks to a bar or two.",
                "ru": "Любой вектор шума даёт одну и ту же картинку, а диаграмма цифр судьи сжимается до одного-"
                "двух столбиков.",
            },
            "ask": {
                "en": "Why is one good picture enough to fool a slow D, and why does a quicker D stop it?",
                "ru": "Почему одной хорошей картинки хватает, чтобы обмануть медленного D, и почему быстрый D "
                "этому мешает?",
            },
        },
    ),
    Step(
        "pages/train.py",
        3,
        {
            "title": {"en": "One setting, fifty times too large", "ru": "Одна настройка, в пятьдесят раз больше"},
            "do": {
                "en": "Under *A learning rate too large*, press **Show it**.",
                "ru": "Под «Слишком большая скорость обучения» нажмите **«Показать»**.",
            },
            "notice": {
                "en": "The losses climb into the tens and the pictures stay blotches.",
                "ru": "Потери вырастают до десятков, а картинки остаются кляксами.",
            },
            "ask": {
                "en": "Why change one setting at a time, and only a little?",
                "ru": "Почему настройки меняют по одной и понемногу?",
            },
        },
    ),
    Step(
        "pages/latent.py",
        6,
        {
            "title": {"en": "Walk through the latent space", "ru": "Прогулка по латентному пространству"},
            "do": {
                "en": "Set A to a 3 and B to an 8 and move the slider from A to B.",
                "ru": "Выберите в A тройку, в B восьмёрку и двигайте ползунок от A к B.",
            },
            "notice": {
                "en": "Halfway, the picture is neither digit, and the judge's reading flips at some point.",
                "ru": "На полпути картинка — ни та цифра, ни другая, и в какой-то момент судья меняет ответ.",
            },
            "ask": {"en": "What do the numbers in z mean to G?", "ru": "Что значат для G числа в z?"},
        },
    ),
    Step(
        "pages/compare.py",
        5,
        {
            "title": {"en": "A GAN beside a VAE", "ru": "GAN рядом с VAE"},
            "do": {
                "en": "Compare the two grids and the sharpness chart, then look at what the VAE keeps of real digits.",
                "ru": "Сравните две сетки и диаграмму чёткости, затем посмотрите, что VAE сохраняет от настоящих цифр.",
            },
            "notice": {
                "en": "The VAE's digits are blurrier: about half as sharp as real ones.",
                "ru": "Цифры VAE размытее: примерно вдвое менее чёткие, чем настоящие.",
            },
            "ask": {
                "en": "Why does being right on average make a picture blurry?",
                "ru": "Почему правота «в среднем» делает картинку размытой?",
            },
        },
    ),
    Step(
        "pages/harmonic.py",
        5,
        {
            "title": {"en": "The game in the plane", "ru": "Игра на плоскости"},
            "do": {
                "en": "Press **Play** and watch G's points reach the sine curve; then press **New D**.",
                "ru": "Нажмите **«Старт»** и смотрите, как точки G выходят на синусоиду; затем нажмите **«Новый D»**.",
            },
            "notice": {
                "en": "D's map shows where it believes the real points are; G's points move towards its bright areas.",
                "ru": "Карта D показывает, где, по его мнению, настоящие точки; точки G движутся к её светлым "
                "областям.",
            },
            "ask": {
                "en": "What should D's map look like when G has learnt the curve perfectly?",
                "ru": "Как должна выглядеть карта D, когда G идеально выучил кривую?",
            },
        },
    ),
    Step(
        "pages/style.py",
        3,
        {
            "title": {"en": "Painting in a style", "ru": "Рисуем в стиле"},
            "do": {
                "en": "Choose a photo and a style and paint it the fast way.",
                "ru": "Выберите фото и стиль и нарисуйте быстрым способом.",
            },
            "notice": {
                "en": "The photo keeps its shapes and takes the style's colours and brush strokes.",
                "ru": "Фото сохраняет свои формы и получает цвета и мазки стиля.",
            },
            "ask": {
                "en": "What stays of the photo, and what comes from the style?",
                "ru": "Что остаётся от фото, а что приходит от стиля?",
            },
        },
    ),
]
