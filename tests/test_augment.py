"""DiffAugment: what it does to pictures, that G's gradients pass through it, and augment_p."""

import pytest
import torch

from explorer.gan.augment import _cutout, _translate, diff_augment
from explorer.gan.config import TrainConfig


def _pictures(n: int = 64) -> torch.Tensor:
    x = torch.full((n, 1, 16, 16), -1.0)
    x[:, :, 6:10, 6:10] = 1.0  # a bright 4×4 square in the middle of a dark background
    return x


def test_translate_moves_the_picture_and_fills_the_border_with_background():
    x = _pictures()
    out = _translate(x, torch.Generator().manual_seed(0))
    assert out.shape == x.shape
    assert (out.flatten(1) == 1.0).sum(1).eq(16).all()  # the square moved whole (shift ≤ 2 px)
    assert not torch.equal(out, x)  # some were shifted
    assert set(out.unique().tolist()) <= {-1.0, 1.0}  # nothing but background came in


def test_cutout_blanks_a_square_half_the_side():
    x = torch.ones(32, 1, 16, 16)
    out = _cutout(x, torch.Generator().manual_seed(0))
    blanked = (out == -1.0).flatten(1).sum(1)
    assert (blanked > 0).all() and (blanked <= 8 * 8).all()
    assert (blanked == 64).any()  # a square of 8×8 where it lies fully inside


def test_generator_gradients_flow_through_the_augmentation():
    x = _pictures(8).requires_grad_(True)
    diff_augment(x, torch.Generator().manual_seed(0)).sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


@pytest.mark.parametrize("p", [0.25, 0.6])
def test_augment_p_changes_about_that_share_of_pictures(p):
    x = _pictures(2000)
    out = diff_augment(x, torch.Generator().manual_seed(1), p)
    changed = (out != x).flatten(1).any(1).float().mean().item()
    # an augmented picture comes back unchanged only when it is not shifted and the cutout
    # misses the square: rare
    assert p - 0.08 < changed <= p + 0.04


def test_augment_p_one_is_the_paper_all_pictures():
    x = _pictures(500)
    rng_a, rng_b = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    assert torch.equal(diff_augment(x, rng_a), diff_augment(x, rng_b, 1.0))


def test_augment_p_is_checked():
    with pytest.raises(ValueError, match="augment_p"):
        TrainConfig().replace(diff_augment=True, augment_p=0.0)
    with pytest.raises(ValueError, match="augment_p"):
        TrainConfig().replace(diff_augment=True, augment_p=1.5)
