"""The VAE, the notes' contrast to a GAN: trained by the one Trainer and the one training job,
shipped with its encoder, and measurably blurrier."""

import math

import pytest
import torch

from explorer.formats.checkpoint import CheckpointError
from explorer.gan.config import TrainConfig
from explorer.gan.job import TrainJob
from explorer.gan.models.vae import reconstruct
from explorer.gan.persistence import load_checkpoint, load_encoder, load_generator, save_checkpoint
from explorer.gan.presets import PRESETS
from explorer.gan.sharpness import relative_sharpness, sharpness
from explorer.gan.trainer import Trainer
from tests.conftest import PATIENCE_S

CPU = torch.device("cpu")


@pytest.fixture
def vae_cfg(tiny_cfg) -> TrainConfig:
    return tiny_cfg.replace(arch="vae", latent_dim=4, encoder_hidden=(32, 16), lr_g=1e-3, lr_encoder=1e-3, beta1_g=0.9)


@pytest.fixture
def strokes() -> torch.Tensor:
    """64 pictures of one bright bar each, at random places: something a VAE can learn in a few steps."""
    rng = torch.Generator().manual_seed(0)
    images = -torch.ones(64, 1, 28, 28)
    for i, row in enumerate(torch.randint(4, 24, (64,), generator=rng).tolist()):
        images[i, 0, row : row + 3, 6:22] = 1.0
    return images


def test_a_vae_step_reports_its_two_losses_and_trains_both_halves(vae_cfg, tiny_data):
    trainer = Trainer(vae_cfg, tiny_data)
    before = [p.detach().clone() for p in (*trainer.G.parameters(), *trainer.encoder.parameters())]
    m = trainer.step()
    assert set(m.floats()) == {"recon", "kl"} and m.values["recon"] > 0 and m.values["kl"] >= 0
    after = list((*trainer.G.parameters(), *trainer.encoder.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(before, after))  # the encoder and the decoder moved
    summary = trainer.train_epoch()
    assert set(summary.to_dict()) >= {"epoch", "recon", "kl", "seconds", "complete"}
    assert trainer.sample().shape == (vae_cfg.n_fixed, 1, 28, 28) and trainer.sample().abs().max() <= 1


def test_a_vae_learns_to_rebuild_pictures(vae_cfg, tiny_data, strokes):
    from explorer.data.datasets import ImageData

    data = ImageData(strokes, torch.zeros(64, dtype=torch.long), "mnist", "bars", tiny_data.classes)
    trainer = Trainer(vae_cfg.replace(g_hidden=(64,), encoder_hidden=(64,)), data)
    first = trainer.train_epoch().means["recon"]
    for _ in range(30):
        last = trainer.train_epoch().means["recon"]
    assert last < 0.5 * first, (first, last)
    error = (reconstruct(trainer.encoder, trainer.G, strokes[:8]) - strokes[:8]).abs().mean()
    assert error < 0.3  # pixels span 2: the rebuilt bars sit where the real ones are


def test_a_vae_resumes_exactly_and_refuses_a_gan_state(vae_cfg, tiny_cfg, tiny_data):
    a = Trainer(vae_cfg, tiny_data)
    a.train_epoch()
    b = Trainer(vae_cfg, tiny_data)
    b.load_state_dict(a.state_dict())
    assert a.step().floats() == b.step().floats()
    with pytest.raises(ValueError, match="different model"):
        Trainer(tiny_cfg, tiny_data).load_state_dict(a.state_dict())


def test_a_shipped_vae_keeps_its_encoder_and_a_gan_has_none(vae_cfg, tiny_cfg, tiny_data, tmp_path):
    trainer = Trainer(vae_cfg, tiny_data)
    trainer.train_epoch()
    save_checkpoint(tmp_path / "vae.pt", trainer, kind="generator", half=True)
    G, _ = load_generator(tmp_path / "vae.pt")
    encoder = load_encoder(tmp_path / "vae.pt")
    x = tiny_data.images[:4]
    expected = reconstruct(trainer.encoder, trainer.G, x)
    assert torch.allclose(reconstruct(encoder, G, x), expected, atol=0.02)  # fp16 weights
    save_checkpoint(tmp_path / "gan.pt", Trainer(tiny_cfg, tiny_data))
    with pytest.raises(CheckpointError, match="no encoder"):
        load_encoder(tmp_path / "gan.pt")


def test_the_vae_config_refuses_the_adversarial_settings():
    base = PRESETS["vae"].config
    for changes in ({"pack": 2}, {"d_steps": 2}, {"top_k": 0.5}, {"diff_augment": True}, {"dataset": "curve"}):
        with pytest.raises(ValueError):
            base.replace(**changes)
    with pytest.raises(ValueError, match="kl_weight"):
        base.replace(kl_weight=-1.0)
    assert base.for_data("pictures", 32).image_shape == (3, 32, 32)  # your own pictures too


def test_a_vae_training_job_sends_losses_and_reconstructions(vae_cfg, tiny_data, tmp_path):
    job = TrainJob(vae_cfg.replace(epochs=2), tiny_data, CPU)
    (tmp_path / "run").mkdir()
    job.workdir = tmp_path / "run"
    job.start()
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.state == "finished", snap.message
    assert set(snap.series) == {"step", "recon", "kl"} and len(snap.series["recon"]) == snap.step
    assert all(math.isfinite(e["recon"]) and "variety" in e for e in snap.epochs)
    assert snap.reconstruction.startswith(b"\x89PNG") and snap.real_grid.startswith(b"\x89PNG")
    saved = job.workdir / snap.checkpoint
    assert load_encoder(saved).latent_dim == vae_cfg.latent_dim  # a trainer file names it "encoder"
    assert load_checkpoint(saved)["config"].arch == "vae"


def test_sharpness_falls_when_a_picture_is_blurred(strokes):
    blurred = torch.nn.functional.avg_pool2d(strokes, 3, stride=1, padding=1)
    assert sharpness(blurred) < 0.5 * sharpness(strokes)
    assert relative_sharpness(strokes, strokes) == pytest.approx(1.0)
    assert sharpness(-torch.ones(2, 3, 8, 8)) == 0.0  # flat pictures have no edges, colour too


def test_the_vaes_second_net_is_its_encoder_also_in_files_that_called_it_d(vae_cfg, tiny_data):
    trainer = Trainer(vae_cfg, tiny_data)
    with pytest.raises(AttributeError, match="no discriminator"):
        trainer.D  # noqa: B018
    trainer.train_epoch()
    state = trainer.state_dict()
    assert "encoder" in state and "opt_encoder" in state and "D" not in state
    old = {("D" if k == "encoder" else "opt_d" if k == "opt_encoder" else k): v for k, v in state.items()}
    fresh = Trainer(vae_cfg, tiny_data)
    fresh.load_state_dict(old)
    assert all(torch.equal(a, b) for a, b in zip(fresh.encoder.parameters(), trainer.encoder.parameters()))
