import pytest
import torch

from explorer.gan.config import TrainConfig
from explorer.gan.models import build_models
from explorer.gan.presets import preset


@pytest.mark.parametrize("name", ["keras-mlp", "bn-mlp", "slides-relu", "dcgan"])
def test_preset_models_map_noise_to_images_and_images_to_logits(name):
    cfg = preset(name)
    G, D = build_models(cfg)
    images = G(torch.randn(5, cfg.latent_dim))
    assert images.shape == (5, 1, 28, 28)
    assert images.min() >= -1 and images.max() <= 1  # tanh range
    logits = D(images)
    assert logits.shape == (5,)
    assert not isinstance(list(D.modules())[-1], torch.nn.Sigmoid)


@pytest.mark.parametrize("channels, size", [(3, 32), (3, 64), (1, 32)])
def test_dcgan_makes_other_sizes_and_colour(channels, size):
    cfg = TrainConfig(arch="dcgan", width=8, image_channels=channels, image_size=size, latent_dim=16)
    G, D = build_models(cfg)
    images = G(torch.randn(2, 16))
    assert images.shape == (2, channels, size, size)
    assert D(images).shape == (2,)


def test_same_seed_same_initial_weights():
    a, _ = build_models(TrainConfig(seed=3))
    b, _ = build_models(TrainConfig(seed=3))
    c, _ = build_models(TrainConfig(seed=4))
    pa, pb, pc = (torch.cat([p.flatten() for p in m.parameters()]) for m in (a, b, c))
    assert torch.equal(pa, pb) and not torch.equal(pa, pc)
