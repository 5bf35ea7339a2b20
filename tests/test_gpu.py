"""The CUDA path: the graphed step trains like the eager one. Runs only where a GPU is visible
(CI has none; run it on a GPU machine with `python -m pytest tests/test_gpu.py`)."""

import math

import pytest
import torch

from explorer.gan.trainer import Trainer, TrainingDiverged

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"arch": "mlp_bn", "half_batch_d": True},
        {"arch": "dcgan", "width": 4, "ema": 0.9},
        {"d_steps": 2, "precision": "bf16"},
    ],
)
def test_graphed_step_trains_like_the_eager_step(tiny_cfg, tiny_data, changes):
    cfg = tiny_cfg.replace(**changes)
    graphed = Trainer(cfg, tiny_data, "cuda")
    eager = Trainer(cfg, tiny_data, "cuda", cuda_graph=False)
    assert graphed.graphed and not eager.graphed
    for trainer in (graphed, eager):
        w0 = torch.cat([p.detach().flatten().clone() for p in trainer.G.parameters()])
        summary = trainer.train_epoch()
        w1 = torch.cat([p.detach().flatten() for p in trainer.G.parameters()])
        assert summary.complete and math.isfinite(summary.means["d_loss"]) and math.isfinite(summary.means["g_loss"])
        assert not torch.equal(w0, w1)
    assert graphed._graph is not None
    # metrics of different steps are distinct copies, not views of the graph's output buffer
    a, b = graphed.step(), graphed.step()
    assert a.values["d_loss"].data_ptr() != b.values["d_loss"].data_ptr()


@pytest.mark.parametrize("changes", [{}, {"arch": "mlp_bn", "half_batch_d": True}, {"d_steps": 2}])
def test_graphed_and_eager_steps_give_the_same_losses_and_weights(tiny_cfg, tiny_data, changes):
    """The same start (one seed), the same pictures and noise: the graphed step replays the eager
    step's kernels, so the two runs agree step by step (fp32; dropout off, its random masks are the
    only randomness the graph draws differently). Not run on this project's CPU-only machines."""
    cfg = tiny_cfg.replace(dropout=0.0, **changes)
    graphed = Trainer(cfg, tiny_data, "cuda")
    eager = Trainer(cfg, tiny_data, "cuda", cuda_graph=False)
    assert graphed.graphed and not eager.graphed
    for _ in range(5):
        a, b = graphed.step().floats(), eager.step().floats()
        for name in ("d_loss", "g_loss"):
            assert a[name] == pytest.approx(b[name], rel=1e-3, abs=1e-4), (name, a, b)
    for p, q in zip(graphed.G.parameters(), eager.G.parameters()):
        assert torch.allclose(p, q, rtol=1e-3, atol=1e-5)


def test_graphed_nan_guard_restores_and_recaptures(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg, tiny_data, "cuda")
    for _ in range(3):
        trainer.step()
    trainer.check_finite()
    with torch.no_grad():
        next(trainer.D.parameters()).fill_(float("nan"))
    trainer.step()
    with pytest.raises(TrainingDiverged):
        trainer.check_finite()
    assert trainer._graph is None
    m = trainer.step()  # captured again, from the restored weights
    assert math.isfinite(m.floats()["d_loss"])


def test_same_weights_on_cpu_and_gpu_at_start(tiny_cfg, tiny_data):
    cpu, gpu = Trainer(tiny_cfg, tiny_data, "cpu"), Trainer(tiny_cfg, tiny_data, "cuda")
    for p, q in zip(cpu.G.parameters(), gpu.G.parameters()):
        assert torch.equal(p, q.cpu())
    assert torch.equal(cpu.fixed_z, gpu.fixed_z.cpu())


def test_a_training_job_on_the_gpu_is_budgeted_by_memory_and_trains(tiny_cfg, tiny_data, tmp_path):
    from explorer.gan.job import TrainJob
    from explorer.jobs import JobBoard, device_budget

    cuda = torch.device("cuda")
    budget = device_budget(cuda)
    assert budget.gpu_gib > 1 and budget.cpu >= 1
    board = JobBoard(budget, root=tmp_path / "jobs")
    job = TrainJob(tiny_cfg.replace(epochs=2), tiny_data, cuda)
    assert job.cost.gpu_gib > 0 and job.threads == 1
    board.submit(job, "me")
    assert job.join(180)
    snap = job.snapshot()
    assert snap.state == "finished" and snap.epoch == 2 and snap.device.startswith("GPU") and snap.checkpoint
    board.close()
