import math

import pytest
import torch

from explorer.gan.trainer import Trainer, TrainingDiverged, train_for


def weights(module):
    return torch.cat([p.detach().flatten().clone() for p in module.parameters()])


def test_one_step_changes_both_nets_and_returns_finite_metrics(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    g0, d0 = weights(trainer.G), weights(trainer.D)
    m = trainer.step()
    values = m.floats()
    assert all(math.isfinite(v) for v in values.values())
    assert 0 <= values["d_real"] <= 1 and 0 <= values["d_fake"] <= 1
    assert m.d_updated and m.seconds > 0
    assert not torch.equal(g0, weights(trainer.G)) and not torch.equal(d0, weights(trainer.D))


def test_same_seed_same_weights_other_seed_other_weights(tiny_cfg, tiny_data):
    runs = []
    for seed in (1, 1, 2):
        trainer = Trainer(tiny_cfg.replace(seed=seed), tiny_data)
        for _ in range(5):
            trainer.step()
        runs.append(torch.cat([weights(trainer.G), weights(trainer.D)]))
    assert torch.equal(runs[0], runs[1])
    assert not torch.equal(runs[0], runs[2])


@pytest.mark.parametrize(
    "changes",
    [
        {"arch": "mlp_bn", "half_batch_d": True},
        {"d_steps": 2, "g_loss": "saturating"},
        {"optimizer": "rmsprop", "grad_clip": 1.0},
        {"lr_d": 1e-3, "lr_g": 5e-4, "beta1_d": 0.9},
        {"ema": 0.99},
        {"precision": "bf16"},
        {"arch": "dcgan", "width": 4},
        {"arch": "dcgan", "width": 4, "pack": 2},
        {"arch": "dcgan", "width": 4, "d_width": 8},
        {"pack": 2, "half_batch_d": True},
    ],
)
def test_training_options_run(tiny_cfg, tiny_data, changes):
    trainer = Trainer(tiny_cfg.replace(**changes), tiny_data)
    summary = trainer.train_epoch()
    assert summary.complete and summary.epoch == 1 and trainer.epoch == 1
    assert summary.steps == trainer.steps_per_epoch
    assert math.isfinite(summary.means["d_loss"]) and math.isfinite(summary.means["g_loss"])
    assert trainer.sample().shape == (tiny_cfg.n_fixed, 1, 28, 28)


def test_skip_d_while_its_loss_is_low(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg.replace(d_skip_below=100.0), tiny_data)  # D's loss is always below 100
    d0 = weights(trainer.D)
    m = trainer.step()
    assert not m.d_updated
    assert torch.equal(d0, weights(trainer.D))


def test_epoch_stops_early_when_the_driver_asks(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    summary = trainer.train_epoch(lambda m: True)
    assert not summary.complete and summary.steps == 1 and trainer.epoch == 0
    rest = trainer.train_epoch()  # the epoch resumes where it stopped, and counts from its start
    assert rest.complete and rest.steps == trainer.steps_per_epoch and trainer.epoch == 1
    assert len(trainer.history) == 1
    whole = Trainer(tiny_cfg, tiny_data).train_epoch()  # the same seed, in one go
    assert rest.means == pytest.approx(whole.means) and rest.images == whole.images


def test_a_stop_on_the_last_step_still_completes_the_epoch(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    summary = trainer.train_epoch(lambda m: trainer.step_count == trainer.steps_per_epoch)
    assert summary.complete and trainer.epoch == 1 and len(trainer.history) == 1


def test_train_for_epochs_and_seconds(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    train_for(trainer, epochs=2)
    assert trainer.epoch == 2
    spent = train_for(trainer, seconds=0.2)
    assert 0.2 <= spent < 5


def test_nan_stops_training_and_keeps_the_last_good_weights(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    trainer.step()
    trainer.check_finite()  # a good state at step 1
    good = weights(trainer.G)
    with torch.no_grad():
        next(trainer.D.parameters()).fill_(float("nan"))
    trainer.step()
    with pytest.raises(TrainingDiverged, match="NaN or infinite.*step 1"):
        trainer.check_finite()
    assert trainer.step_count == 1
    assert torch.equal(weights(trainer.G), good)
    assert torch.isfinite(weights(trainer.D)).all()
    trainer.step()  # and it can go on from there


def test_nan_is_caught_by_the_step_itself(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    with torch.no_grad():
        next(trainer.D.parameters()).fill_(float("inf"))
    with pytest.raises(TrainingDiverged):
        for _ in range(Trainer.GUARD_EVERY):
            trainer.step()


def test_state_round_trip_resumes_exactly(tiny_cfg, tiny_data):
    cfg = tiny_cfg.replace(ema=0.9)
    a = Trainer(cfg, tiny_data)
    for _ in range(3):
        a.step()
    b = Trainer(cfg.replace(seed=99), tiny_data)  # other seed: everything must come from the state
    b.load_state_dict(a.state_dict())
    a.step()
    b.step()
    assert torch.equal(weights(a.G), weights(b.G)) and torch.equal(weights(a.D), weights(b.D))
    assert torch.equal(a.sample(), b.sample())


def test_state_of_another_model_is_refused(tiny_cfg, tiny_data):
    a = Trainer(tiny_cfg, tiny_data)
    b = Trainer(tiny_cfg.replace(latent_dim=9), tiny_data)
    with pytest.raises(ValueError, match="different model"):
        b.load_state_dict(a.state_dict())


def test_data_that_does_not_fit_the_config_is_refused(tiny_cfg, tiny_data):
    with pytest.raises(ValueError, match="expects images of shape"):
        Trainer(tiny_cfg.replace(image_size=32), tiny_data)
    with pytest.raises(ValueError, match="fewer than one step"):
        Trainer(tiny_cfg.replace(batch_size=128), tiny_data)


def test_pacgan_d_judges_packs(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg.replace(arch="dcgan", width=4, pack=2), tiny_data)
    assert trainer.objective.judge(tiny_data.images[:8]).shape == (4,)  # one verdict per pack of two
    with pytest.raises(ValueError, match="divide into packs"):
        tiny_cfg.replace(pack=3, batch_size=8)


def test_top_k_teaches_g_with_the_fakes_d_rates_most_real(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg.replace(top_k=0.5), tiny_data)
    assert trainer.objective._keep.item() == 1.0  # epoch 0: every fake counts
    logits = torch.tensor([[3.0], [1.0], [-2.0], [0.0]])
    assert torch.allclose(trainer.generator_loss(logits), torch.nn.functional.softplus(-logits).mean())
    trainer.epoch = 200  # 0.99^200 < 0.5: the share has shrunk to top_k
    trainer.objective.new_epoch(trainer.epoch)
    best_two = torch.nn.functional.softplus(-torch.tensor([3.0, 1.0])).mean()
    assert torch.allclose(trainer.generator_loss(logits), best_two)
    state = trainer.state_dict()
    fresh = Trainer(tiny_cfg.replace(top_k=0.5), tiny_data)
    fresh.load_state_dict(state)  # a resumed run keeps the share
    assert fresh.objective._keep.item() == 0.5 and torch.allclose(fresh.generator_loss(logits), best_two)
    assert fresh.train_epoch().complete
    with pytest.raises(ValueError, match="top_k"):
        tiny_cfg.replace(top_k=0.0)


def test_one_net_starts_again_while_the_other_keeps_what_it_learnt(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data)
    for _ in range(5):
        trainer.step()
    g, d = weights(trainer.G), weights(trainer.D)
    trainer.reset_net("d")
    assert torch.equal(g, weights(trainer.G)) and not torch.equal(d, weights(trainer.D))
    trainer.reset_net("g")
    assert not torch.equal(g, weights(trainer.G))
    assert math.isfinite(trainer.step().floats()["d_loss"])  # the fresh optimisers take a step
    with pytest.raises(ValueError):
        trainer.reset_net("both")
