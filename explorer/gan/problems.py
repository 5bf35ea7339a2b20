"""The training problems of the lesson notes (docs/lessons.md, row 8), each a recipe that provokes it on a
classroom CPU within a minute, what to watch, and the notes' fix, with the numbers measured by
bench/problems.py (45 s per run, 2-core AMD EPYC, the 5,000 offline digits).

Their words are marked for the catalogue (explorer/i18n), as the recipes' are (explorer/gan/presets.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.gan.config import TrainConfig
from explorer.gan.presets import preset
from explorer.i18n import N_, render

LESSON_1 = preset("keras-mlp")
FAST = preset("fast")


@dataclass(frozen=True)
class Problem:
    name: str
    config: TrainConfig  # provokes the problem
    fixed: TrainConfig | None  # the notes' fix, measured not to show it (None: only explained)
    words: dict[str, str]  # "title", "shows", "watch", "fix" → its English, marked for the catalogue

    def say(self, what: str, lang: str) -> str:
        return render(self.words[what], lang)


PROBLEMS: dict[str, Problem] = {
    p.name: p
    for p in [
        Problem(
            "d_wins",
            LESSON_1.replace(lr_d=1e-3, lr_g=1e-5, real_label=1.0, dropout=0.0),
            LESSON_1.replace(lr_d=1e-3, lr_g=1e-5, real_label=1.0, dropout=0.0, d_skip_below=0.5),
            {
                "title": N_("D wins"),
                "shows": N_(
                    "Lesson 1's MLP GAN with D learning 100 times faster than G, no dropout and no label smoothing."
                ),
                "watch": N_(
                    "Within about 10 s D(x) climbs to 1 and D(G(z)) sinks to 0, and an alert says D is "
                    "winning: it spots every fake. D's loss falls towards 0 while G's climbs, and G's "
                    "pictures stay a smudge: G gets no signal to learn from. Measured after 45 s: D loss "
                    "0.17, G loss 3.8, D(x) 0.98, D(G(z)) 0.05."
                ),
                "fix": N_(
                    "The notes' fix: skip D's update while its loss is low (here below 0.5), so that G can "
                    "catch up. Measured after 45 s: D no longer wins (D(G(z)) 0.18, G loss 1.8, no alert), "
                    "but G, learning 100 times slower than D, still draws one smudge: the next fix to try "
                    "is a smaller learning rate for D."
                ),
            },
        ),
        Problem(
            "mode_collapse",
            FAST.replace(lr_d=1e-4, ema=0.0),
            FAST.replace(ema=0.0),
            {
                "title": N_("Mode collapse"),
                "shows": N_(
                    "The fast DCGAN with D learning 10 times slower than G (and no averaging of G's "
                    "weights, which would hide it)."
                ),
                "watch": N_(
                    "Within about 10 s every noise vector gives the same picture: the grid's 16 pictures turn "
                    "identical, the judge's digit chart shrinks to one or two bars, and an alert says the "
                    "pictures stopped varying. G has found one picture that fools a slow D. Measured after "
                    "45 s: variety 0.13 (real digits: 1), the judge reads 61%\u00a03s and 39%\u00a09s; with the fix, "
                    "variety 1.01, every digit 7-12%, judge score 7.7."
                ),
                "fix": N_(
                    "The fix: let D keep up (the same learning rate as G), so that a G that draws one "
                    "picture is caught at once."
                ),
            },
        ),
        Problem(
            "sensitivity",
            FAST.replace(lr_g=5e-2, lr_d=5e-2),
            FAST,
            {
                "title": N_("A learning rate too large"),
                "shows": N_(
                    "The fast DCGAN, the app's default recipe, with both learning rates 50 times larger "
                    "(0.05 instead of 0.001)."
                ),
                "watch": N_(
                    "The losses: instead of settling near 1, both climb into the tens, and the pictures "
                    "stay blotches. Measured after 45 s: D loss 116, G loss 64, judge score 3.2 of 10; "
                    "the same recipe at its own rate writes digits (losses 1.3 and 1.0, score 7.6)."
                ),
                "fix": N_(
                    "The fix: the recipe's own learning rate. GANs are sensitive to their settings: change "
                    "one at a time, and by a factor of 2, not 50."
                ),
            },
        ),
        Problem(
            "resolution",
            FAST.replace(image_size=64),
            FAST,
            {
                "title": N_("Larger pictures"),
                "shows": N_(
                    "The fast DCGAN on the same digits enlarged to 64×64 px: 5 times as many pixels to "
                    "draw and to judge."
                ),
                "watch": N_(
                    "The speed in the progress line: each step draws and judges 5 times as many pixels, so "
                    "in the same 45 s G sees 7 epochs instead of 34 (573 steps instead of 2,729), and its "
                    "strokes stay blurrier, with a faint checkered texture (judge score 7.3 against 7.6 "
                    "at 28 px, judged shrunk to 28 px). These enlarged digits are smooth; pictures with "
                    "real detail at 64 px, such as faces, widen the gap much more."
                ),
                "fix": N_(
                    "The fix the notes name: progressive growing (Karras et al. 2018). Train G and D at 4×4 "
                    "px first, then add layers for 8, 16, 32, 64 px as training goes: the shape is learnt "
                    "where steps are cheap, and each new layer only adds detail. Try it at 28 px."
                ),
            },
        ),
    ]
}
