import pytest
import torch

from explorer.data import datasets
from explorer.gan import judge


@pytest.fixture(scope="module")
def scorer():
    return judge.load_judge()


def test_real_held_out_digits_score_high_and_cover_every_class(scorer, mnist_test_idx):
    images = datasets.to_unit_range(datasets.read_idx(mnist_test_idx / "t10k-images-idx3-ubyte.gz"))
    q = judge.evaluate(scorer, images)
    assert q.inception_score > 9.3
    assert q.coverage_ok and q.mean_confidence > 0.97
    assert q.frechet_distance < 20


def test_one_repeated_picture_scores_one_and_misses_modes(scorer):
    digits = datasets.load_dataset("mnist", download=False).images
    q = judge.evaluate(scorer, digits[:1].repeat(500, 1, 1, 1))
    assert q.inception_score == pytest.approx(1.0, abs=1e-3)
    assert not q.coverage_ok and max(q.class_fractions) == 1.0
    assert q.even_score > 8  # each picture is read confidently: what is missing is the other digits


def test_even_score_separates_confidence_from_balance(scorer):
    digits = datasets.load_dataset("mnist", download=False)  # 500 of each digit, in order
    mixed = digits.images[torch.randperm(len(digits.images), generator=torch.Generator().manual_seed(0))]
    balanced = judge.evaluate(scorer, mixed[:2000])
    assert balanced.even_score >= balanced.inception_score
    assert balanced.even_score == pytest.approx(balanced.inception_score, rel=0.02)  # 10% each already
    ones = digits.images[digits.labels == 1][:200]
    lopsided = judge.evaluate(scorer, torch.cat([mixed[:1000], ones]))
    assert lopsided.even_score == pytest.approx(balanced.even_score, rel=0.05)  # as confident
    assert lopsided.inception_score < balanced.inception_score  # but too many 1s


def test_noise_is_far_from_real_digits(scorer):
    noise = torch.rand(500, 1, 28, 28, generator=torch.Generator().manual_seed(0)) * 2 - 1
    assert judge.evaluate(scorer, noise).frechet_distance > 500


def test_frechet_distance_of_identical_gaussians_is_zero():
    a = torch.randn(400, 5, generator=torch.Generator().manual_seed(0)).double()
    mu, sigma = a.mean(0), torch.cov(a.T)
    assert judge.frechet_distance(mu, sigma, mu, sigma) == pytest.approx(0.0, abs=1e-6)
    assert judge.frechet_distance(mu + 1, sigma, mu, sigma) == pytest.approx(5.0, abs=1e-6)


def test_bad_inputs(scorer):
    with pytest.raises(ValueError, match="28, 28"):
        judge.evaluate(scorer, torch.zeros(10, 3, 32, 32))
    with pytest.raises(ValueError, match="NaN"):
        judge.evaluate(scorer, torch.full((4, 1, 28, 28), float("nan")))
    with pytest.raises(judge.CheckpointError, match="missing"):
        judge.load_judge("/nonexistent/judge.pt")


def test_read_gives_a_digit_and_a_confidence_per_image():
    from explorer.gan.judge import load_judge

    judge = load_judge()
    digit, confidence = judge.read(torch.zeros(3, 1, 28, 28) - 1)
    assert digit.shape == (3,) and confidence.shape == (3,) and ((confidence > 0) & (confidence <= 1)).all()
