"""The training problems of the lesson notes (docs/lessons.md, row 8), each a recipe that provokes it on a
classroom CPU within a minute, what to watch, and the notes' fix, with the numbers measured by
bench/problems.py (45 s per run, 2-core AMD EPYC, the 5,000 offline digits).

Words in English and Russian side by side, as the recipes' are (explorer/gan/presets.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.gan.config import TrainConfig
from explorer.gan.presets import preset

LESSON_1 = preset("keras-mlp")
FAST = preset("fast")


@dataclass(frozen=True)
class Problem:
    name: str
    config: TrainConfig  # provokes the problem
    fixed: TrainConfig | None  # the notes' fix, measured not to show it (None: only explained)
    words: dict[str, dict[str, str]]  # "title", "shows", "watch", "fix" → {"en": …, "ru": …}

    def say(self, what: str, lang: str) -> str:
        return self.words[what]["ru" if lang == "ru" else "en"]


PROBLEMS: dict[str, Problem] = {
    p.name: p
    for p in [
        Problem(
            "d_wins",
            LESSON_1.replace(lr_d=1e-3, lr_g=1e-5, real_label=1.0, dropout=0.0),
            LESSON_1.replace(lr_d=1e-3, lr_g=1e-5, real_label=1.0, dropout=0.0, d_skip_below=0.5),
            {
                "title": {"en": "D wins", "ru": "D побеждает"},
                "shows": {
                    "en": "Lesson 1's MLP GAN with D learning 100 times faster than G, no dropout and no "
                    "label smoothing.",
                    "ru": "MLP GAN урока 1, где D учится в 100 раз быстрее G, без dropout и без сглаживания меток.",
                },
                "watch": {
                    "en": "Within about 10 s D(x) climbs to 1 and D(G(z)) sinks to 0, and an alert says D is "
                    "winning: it spots every fake. D's loss falls towards 0 while G's climbs, and G's "
                    "pictures stay a smudge: G gets no signal to learn from. Measured after 45 s: D loss "
                    "0.17, G loss 3.8, D(x) 0.98, D(G(z)) 0.05.",
                    "ru": "Примерно за 10 с D(x) поднимается к 1, D(G(z)) падает к 0, и появляется "
                    "предупреждение, что D побеждает: он распознаёт каждую подделку. Потери D падают к 0, "
                    "потери G растут, а картинки G остаются пятнами: G не получает сигнала, чтобы учиться. "
                    "Замер через 45 с: потери D 0,17, потери G 3,8, D(x) 0,98, D(G(z)) 0,05.",
                },
                "fix": {
                    "en": "The notes' fix: skip D's update while its loss is low (here below 0.5), so that G can "
                    "catch up. Measured after 45 s: D no longer wins (D(G(z)) 0.18, G loss 1.8, no alert), "
                    "but G, learning 100 times slower than D, still draws one smudge: the next fix to try "
                    "is a smaller learning rate for D.",
                    "ru": "Исправление из конспекта: пропускать шаг D, пока его потери малы (здесь ниже 0,5), "
                    "чтобы G успел догнать. Замер через 45 с: D больше не побеждает (D(G(z)) 0,18, потери "
                    "G 1,8, предупреждения нет), но G, который учится в 100 раз медленнее D, всё ещё "
                    "рисует одно пятно: следующее исправление — меньшая скорость обучения D.",
                },
            },
        ),
        Problem(
            "mode_collapse",
            FAST.replace(lr_d=1e-4, ema=0.0),
            FAST.replace(ema=0.0),
            {
                "title": {"en": "Mode collapse", "ru": "Коллапс мод"},
                "shows": {
                    "en": "The fast DCGAN with D learning 10 times slower than G (and no averaging of G's "
                    "weights, which would hide it).",
                    "ru": "Быстрый DCGAN, где D учится в 10 раз медленнее G (и без усреднения весов G, "
                    "которое скрыло бы проблему).",
                },
                "watch": {
                    "en": "Within about 10 s every noise vector gives the same picture: the grid's 16 pictures turn "
                    "identical, the judge's digit chart shrinks to one or two bars, and an alert says the "
                    "pictures stopped varying. G has found one picture that fools a slow D. Measured after "
                    "45 s: variety 0.13 (real digits: 1), the judge reads 61% 3s and 39% 9s; with the fix, "
                    "variety 1.01, every digit 7-12%, judge score 7.7.",
                    "ru": "Примерно за 10 с любой вектор шума даёт одну и ту же картинку: 16 картинок сетки "
                    "становятся одинаковыми, диаграмма цифр судьи сжимается до одного-двух столбиков, и "
                    "появляется предупреждение, что картинки перестали различаться. G нашёл одну картинку, "
                    "которая обманывает медленного D. Замер через 45 с: разнообразие 0,13 (у настоящих "
                    "цифр 1), судья видит 61 % троек и 39 % девяток; с исправлением разнообразие 1,01, "
                    "каждой цифры 7–12 %, оценка судьи 7,7.",
                },
                "fix": {
                    "en": "The fix: let D keep up (the same learning rate as G), so that a G that draws one "
                    "picture is caught at once.",
                    "ru": "Исправление: дать D не отставать (та же скорость обучения, что у G), чтобы G, "
                    "рисующий одну картинку, сразу попадался.",
                },
            },
        ),
        Problem(
            "sensitivity",
            FAST.replace(lr_g=5e-2, lr_d=5e-2),
            FAST,
            {
                "title": {"en": "A learning rate too large", "ru": "Слишком большая скорость обучения"},
                "shows": {
                    "en": "The fast DCGAN, the app's default recipe, with both learning rates 50 times larger "
                    "(0.05 instead of 0.001).",
                    "ru": "Быстрый DCGAN, рецепт по умолчанию, но обе скорости обучения в 50 раз больше "
                    "(0,05 вместо 0,001).",
                },
                "watch": {
                    "en": "The losses: instead of settling near 1, both climb into the tens, and the pictures "
                    "stay blotches. Measured after 45 s: D loss 116, G loss 64, judge score 3.2 of 10; "
                    "the same recipe at its own rate writes digits (losses 1.3 and 1.0, score 7.6).",
                    "ru": "Потери: вместо того чтобы держаться около 1, обе вырастают до десятков, а картинки "
                    "остаются кляксами. Замер через 45 с: потери D 116, потери G 64, оценка судьи 3,2 из "
                    "10; тот же рецепт со своей скоростью пишет цифры (потери 1,3 и 1,0, оценка 7,6).",
                },
                "fix": {
                    "en": "The fix: the recipe's own learning rate. GANs are sensitive to their settings: change "
                    "one at a time, and by a factor of 2, not 50.",
                    "ru": "Исправление: собственная скорость обучения рецепта. GAN чувствительны к настройкам: "
                    "меняйте по одной и в 2 раза, а не в 50.",
                },
            },
        ),
        Problem(
            "resolution",
            FAST.replace(image_size=64),
            FAST,
            {
                "title": {"en": "Larger pictures", "ru": "Большие картинки"},
                "shows": {
                    "en": "The fast DCGAN on the same digits enlarged to 64×64 px: 5 times as many pixels to "
                    "draw and to judge.",
                    "ru": "Быстрый DCGAN на тех же цифрах, увеличенных до 64×64 px: в 5 раз больше пикселей, "
                    "которые надо нарисовать и оценить.",
                },
                "watch": {
                    "en": "The speed in the progress line: each step draws and judges 5 times as many pixels, so "
                    "in the same 45 s G sees 7 epochs instead of 34 (573 steps instead of 2,729), and its "
                    "strokes stay blurrier, with a faint checkered texture (judge score 7.3 against 7.6 "
                    "at 28 px, judged shrunk to 28 px). These enlarged digits are smooth; pictures with "
                    "real detail at 64 px, such as faces, widen the gap much more.",
                    "ru": "Скорость в строке прогресса: на каждом шаге нужно нарисовать и оценить в 5 раз больше "
                    "пикселей, поэтому за те же 45 с G проходит 7 эпох вместо 34 (573 шага вместо 2 729), "
                    "а штрихи остаются более размытыми, со слабой клетчатой рябью (оценка судьи 7,3 против "
                    "7,6 на 28 px, картинки уменьшены до 28 px). Увеличенные цифры гладкие; у картинок с "
                    "настоящими деталями на 64 px, например у лиц, разрыв гораздо больше.",
                },
                "fix": {
                    "en": "The fix the notes name: progressive growing (Karras et al. 2018). Train G and D at 4×4 "
                    "px first, then add layers for 8, 16, 32, 64 px as training goes: the shape is learnt "
                    "where steps are cheap, and each new layer only adds detail. Try it at 28 px.",
                    "ru": "Исправление из конспекта: постепенное наращивание (progressive growing, Karras и др., "
                    "2018). Сначала G и D учатся на картинках 4×4 px, потом по ходу обучения добавляются "
                    "слои для 8, 16, 32, 64 px: форма выучивается там, где шаги дёшевы, а каждый новый "
                    "слой лишь добавляет детали. Попробуйте на 28 px.",
                },
            },
        ),
    ]
}
