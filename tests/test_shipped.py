"""The generators in checkpoints/ are what their JSON says, and the GANs meet the Latent page's bar:
every digit written legibly (judge score ≥ 8.5) and every digit between 5% and 15% of samples.
The shipped VAE is there to be blurrier than they are (the notes' contrast), and is."""

import functools
from pathlib import Path

import pytest

from explorer.data.datasets import load_dataset
from explorer.gan import judge, latent
from explorer.gan.catalogue import shipped_generators
from explorer.gan.persistence import load_generator
from explorer.gan.sharpness import relative_sharpness

SHIPPED = shipped_generators()
GANS = [(p, m) for p, m in SHIPPED if m["arch"] != "vae"]
# Shipped below the bar, and why; strict: the day one meets it, this list must lose it.
SHORT: dict[str, str] = {}
UNSEEN_SEED = 1000  # latent points kept out of choosing which snapshot to ship (ship judges seed 0)


def test_an_mlp_a_dcgan_and_a_vae_are_shipped_for_mnist():
    archs = {meta["arch"] for _, meta in SHIPPED}
    assert {"mlp", "dcgan", "vae"} <= archs


@pytest.mark.parametrize("path, meta", SHIPPED, ids=[p.name for p, _ in SHIPPED])
def test_a_shipped_generator_scores_what_its_json_says(path: Path, meta: dict):
    quality = _judged(path)
    assert quality.inception_score == pytest.approx(meta["judge"]["inception_score"], abs=0.02)
    assert quality.coverage_ok == meta["judge"]["coverage_ok"]


@pytest.mark.parametrize(
    "path, meta",
    [
        pytest.param(
            p, m, id=p.name, marks=[pytest.mark.xfail(strict=True, reason=SHORT[p.name])] if p.name in SHORT else []
        )
        for p, m in GANS
    ],
)
def test_a_shipped_gan_writes_every_digit_legibly(path: Path, meta: dict):
    # On the points its JSON was judged on, and on 5,000 others that no snapshot was chosen by:
    # a generator picked for its best score on one set of points must not pass by luck.
    for quality in (_judged(path), _judged(path, UNSEEN_SEED)):
        assert quality.inception_score >= 8.5, f"{path.name} writes digits the judge cannot read"
        assert quality.coverage_ok, f"{path.name}: digit shares {quality.class_fractions}"


def test_the_shipped_vae_draws_blurrier_digits_than_the_gans_and_the_real_ones():
    real = load_dataset("mnist").images[:1000]
    share = {meta["arch"]: relative_sharpness(_samples(path, UNSEEN_SEED, 1000), real) for path, meta in SHIPPED}
    # measured: the VAE (3,000 epochs) 0.77 of real digits' edge contrast, the DCGAN 1.17, the MLP GAN 1.57
    assert share["vae"] < 0.85, share
    assert all(share["vae"] < 0.75 * value for arch, value in share.items() if arch != "vae"), share


def _samples(path: Path, seed: int, n: int):
    G, ckpt = load_generator(path)
    return latent.sample(G, ckpt["config"].latent_dim, n, seed)


@functools.cache
def _judged(path: Path, seed: int | None = None) -> judge.Quality:
    meta = dict(SHIPPED)[path]
    for field in ("train_command", "ship_command", "seed", "data", "train_seconds", "device", "judge"):
        assert meta.get(field) not in (None, ""), f"{path.name}: its JSON lacks {field}"
    assert path.stat().st_size < 5e6  # fp16, small enough for the repository
    claimed = meta["judge"]
    seed = claimed["sample_seed"] if seed is None else seed
    images = _samples(path, seed, claimed["samples"])
    return judge.evaluate(judge.load_judge(), images)
