"""The guided lesson: the 45-minute path through the pages, as numbered steps with what to do,
what to notice and a question for the class (their words marked for the catalogue: explorer/i18n)."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.i18n import N_, render


@dataclass(frozen=True)
class Step:
    page: str  # the page script the step happens on (pages/…, from the repository root)
    minutes: int
    words: dict[str, str]  # "title", "do", "notice", "ask" → its English, marked for the catalogue

    def say(self, what: str, lang: str) -> str:
        return render(self.words[what], lang)


STEPS: list[Step] = [
    Step(
        "pages/home.py",
        5,
        {
            "title": N_("Two networks play a game"),
            "do": N_("Read *What a GAN is* together and look at the real digits the networks learn from."),
            "notice": N_("G never sees a real picture: it only hears from D how real its own pictures look."),
            "ask": N_("How can G learn to draw digits without ever seeing one?"),
        },
    ),
    Step(
        "pages/train.py",
        8,
        {
            "title": N_("Watch a GAN learn"),
            "do": N_(
                "Keep the default recipe and press **Start**. Share the run with the class if you are the teacher."
            ),
            "notice": N_(
                "The same 16 noise vectors turn from grey noise into digits within a minute. D's and G's "
                "losses wander around each other; D(x) and D(G(z)) meet in the middle."
            ),
            "ask": N_("If G drew perfect digits, what would D(G(z)) be, and why?"),
        },
    ),
    Step(
        "pages/train.py",
        5,
        {
            "title": N_("When D wins"),
            "do": N_(
                "Open *Training problems* and press **Show it** under *D wins*. After a minute, press **Try the fix**."
            ),
            "notice": N_("D(G(z)) sinks to 0 and G's pictures stay a smudge; the page warns that D is winning."),
            "ask": N_("Why does G stop learning when D is never wrong?"),
        },
    ),
    Step(
        "pages/train.py",
        5,
        {
            "title": N_("Mode collapse"),
            "do": N_("Under *Mode collapse*, press **Show it**, then try the fix."),
            "notice": N_(
                "Every noise vector gives the same picture, and the judge's digit chart shrinks to a bar or two."
            ),
            "ask": N_("Why is one good picture enough to fool a slow D, and why does a quicker D stop it?"),
        },
    ),
    Step(
        "pages/train.py",
        3,
        {
            "title": N_("One setting, fifty times too large"),
            "do": N_("Under *A learning rate too large*, press **Show it**."),
            "notice": N_("The losses climb into the tens and the pictures stay blotches."),
            "ask": N_("Why change one setting at a time, and only a little?"),
        },
    ),
    Step(
        "pages/latent.py",
        6,
        {
            "title": N_("Walk through the latent space"),
            "do": N_("Set A to a 3 and B to an 8 and move the slider from A to B."),
            "notice": N_("Halfway, the picture is neither digit, and the judge's reading flips at some point."),
            "ask": N_("What do the numbers in z mean to G?"),
        },
    ),
    Step(
        "pages/compare.py",
        5,
        {
            "title": N_("A GAN beside a VAE"),
            "do": N_("Compare the two grids and the sharpness chart, then look at what the VAE keeps of real digits."),
            "notice": N_("The VAE's digits are blurrier: about half as sharp as real ones."),
            "ask": N_("Why does being right on average make a picture blurry?"),
        },
    ),
    Step(
        "pages/harmonic.py",
        5,
        {
            "title": N_("The game in the plane"),
            "do": N_("Press **Play** and watch G's points reach the sine curve; then press **New D**."),
            "notice": N_(
                "D's map shows where it believes the real points are; G's points move towards its green areas "
                "(where D says “real”)."
            ),
            "ask": N_("What should D's map look like when G has learnt the curve perfectly?"),
        },
    ),
    Step(
        "pages/style.py",
        3,
        {
            "title": N_("Painting in a style"),
            "do": N_("Choose a photo and a style and paint it the fast way."),
            "notice": N_("The photo keeps its shapes and takes the style's colours and brush strokes."),
            "ask": N_("What stays of the photo, and what comes from the style?"),
        },
    ),
]
