"""The GAN-and-VAE page's words: their English, marked for the catalogue
(explorer/locale/<lang>/LC_MESSAGES/explorer.po holds the other languages')."""

from explorer.i18n import C_, N_, Text

WORDS: dict[str, Text] = {
    "nav_compare": N_("GAN and VAE"),
    "cmp_title": N_("A GAN beside a VAE"),
    "cmp_intro": N_(
        "Both draw digits from random numbers, but they learn differently. A GAN's generator learns by fooling "
        "a judge (D). A VAE learns to squeeze a real picture into a few numbers and draw it back. Compare what "
        "that does to their pictures."
    ),
    "cmp_gan": N_("GAN"),
    "cmp_vae": N_("VAE"),
    "cmp_need": N_(
        "This page needs a GAN and a VAE: ship one of each (`python -m explorer ship`), or train one on the Train page."
    ),
    "cmp_samples": N_("Pictures from random numbers"),
    "cmp_seed": N_("Random numbers no."),
    "cmp_another": N_("New numbers"),
    "cmp_sharpness": N_("Sharpness: {share} (real digits: 100%)"),
    "cmp_sharp_chart": N_("How sharp the strokes are (real digits = 100 %)"),
    "cmp_real_digits": N_("Real digits"),
    "cmp_sharp_says": N_(
        "The VAE's strokes have {vae} of real digits' sharpness, the GAN's {gan}. A VAE is rewarded for being "
        "right *on average*, and the average of many possible strokes is a blur. A GAN's judge spots blur at "
        "once, so its generator learns crisp strokes."
    ),
    "cmp_sharp_over": N_("(Over 100%: the GAN's stray specks count as edges too.)"),
    "cmp_sharp_how": N_("How sharpness is measured"),
    "cmp_sharp_how_body": N_(
        "For every pixel, the difference between it and its four neighbours (the Laplacian): large at a "
        "crisp edge, small on a blurred one. The spread (variance) of these differences over a picture is a "
        "camera's usual focus measure. Averaged over {n} pictures of each model, divided by the same for "
        "{n} real digits."
    ),
    "cmp_walk": N_("The same walk on both"),
    "cmp_walk_says": N_(
        "Each model walks from the picture of A it draws most surely to its surest B. A VAE's latent space "
        "is smooth by construction (its KL term packs the pictures together around zero), so its pictures "
        "change gradually; a GAN's may linger on one digit and then switch. Under each picture: the digit "
        "the judge reads."
    ),
    "cmp_from": C_("the start of a walk", "From"),
    "cmp_to": N_("To"),
    "cmp_no_digit": N_("The {model} draws no {digit} among 2 000 pictures: choose another digit."),
    "cmp_judge_reads": N_("The judge reads: {digits}"),
    "cmp_rebuild": N_("What the VAE keeps of a real digit"),
    "cmp_rebuild_says": N_(
        "Top: real digits. Bottom: the same digits after the VAE squeezed each into {n} numbers and drew it "
        "back. The shape survives, the crisp edges and small details do not ({share} of the real digits' "
        "sharpness). A GAN has no encoder, so it cannot do this at all."
    ),
    "cmp_rebuild_live": N_("The live run's reconstructions are on the Train page, under the real pictures."),
    "cmp_other_digits": N_("Other real digits"),
}
