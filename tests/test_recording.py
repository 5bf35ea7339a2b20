"""Recorded runs: made by the CLI, read back, played at any epoch, continued live from a kept epoch."""

import json
import zipfile

import pytest
import torch
from conftest import PATIENCE_S

from explorer.cli import main
from explorer.formats.int8 import pack_int8, unpack_int8
from explorer.gan.job import TrainJob
from explorer.gan.models import build_generator
from explorer.gan.presets import PRESETS
from explorer.gan.recording import FOLDER, Recording, RecordingError, grid_epochs, kept_epochs, record, shipped
from explorer.gan.trainer import Trainer

CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def tiny_recording(tmp_path_factory):
    from explorer.data.datasets import MNIST_CLASSES, ImageData
    from explorer.gan.config import GanSettings, TrainConfig

    rng = torch.Generator().manual_seed(0)
    data = ImageData(
        torch.rand(64, 1, 28, 28, generator=rng) * 2 - 1,
        torch.randint(0, 10, (64,), generator=rng),
        "mnist",
        "64 random test pictures",
        MNIST_CLASSES,
    )
    cfg = TrainConfig(
        latent_dim=8, g_hidden=(16, 32), objective=GanSettings(d_hidden=(32, 16)), batch_size=8, n_fixed=4, epochs=5
    )
    rec = record(cfg, data, preset="keras-mlp", keep=(2, 4), meta={"device": "CPU (2 threads)"})
    return Recording.load(rec.save(tmp_path_factory.mktemp("rec") / "tiny.zip")), data


def test_a_recording_keeps_every_epoch_of_the_run_and_reads_back(tiny_recording):
    rec, _ = tiny_recording
    assert rec.last_epoch == 5 and [e["epoch"] for e in rec.epochs] == [1, 2, 3, 4, 5]
    assert all("quality" in e and "variety" in e for e in rec.epochs)  # the judge on every epoch, not every few
    assert [e for e, _ in rec.grids] == [0, 1, 2, 3, 4, 5] and rec.real_grid.startswith(b"\x89PNG")
    assert list(rec.series["step"]) == list(range(1, 5 * rec.steps_per_epoch + 1))
    assert rec.kept == (0, 2, 4) and rec.info["outcome"] == "finished"


def test_a_snapshot_is_what_the_page_showed_after_that_epoch(tiny_recording):
    rec, _ = tiny_recording
    snap = rec.snapshot(3)
    assert snap.epoch == 3 and snap.step == 3 * rec.steps_per_epoch and snap.total_epochs == 5
    assert snap.series["step"][-1] == snap.step and len(snap.series["d_loss"]) == snap.step
    assert [e["epoch"] for e in snap.epochs] == [1, 2, 3] and [e for e, _ in snap.grids] == [0, 1, 2, 3]
    assert snap.state == "paused" and rec.snapshot(5).state == "finished"
    assert rec.snapshot(99).epoch == 5 and rec.snapshot(-3).epoch == 0  # a scrub past either end stops there


def test_a_class_continues_from_the_latest_kept_epoch(tiny_recording):
    rec, _ = tiny_recording
    assert [rec.continue_epoch(e) for e in range(6)] == [0, 0, 2, 2, 4, 4]


def test_kept_networks_draw_the_recorded_pictures(tiny_recording):
    rec, data = tiny_recording
    trainer = Trainer(rec.cfg, data, CPU)
    trainer.start_from(rec.weights(4), 4)
    assert trainer.epoch == 4 and trainer.step_count == 4 * rec.steps_per_epoch
    replay = Trainer(rec.cfg, data, CPU)  # the same run trained again: the same seed, the same pictures
    for _ in range(4):
        replay.train_epoch()
    assert (trainer.sample() - replay.sample()).abs().max() < 0.05  # int8 weights: the same pictures to the eye


def test_int8_packing_keeps_weights_within_half_a_step():
    G = build_generator(PRESETS["keras-mlp"].config)
    state = G.state_dict()
    back = unpack_int8(pack_int8(state))
    for key, value in state.items():
        step = value.abs().amax(dim=tuple(range(1, value.ndim))) / 127 if value.ndim >= 2 else 0
        limit = step.view(-1, *[1] * (value.ndim - 1)) / 2 + 1e-7 if value.ndim >= 2 else 0
        assert ((back[key] - value).abs() <= limit).all(), key


def test_a_continued_run_goes_on_from_the_kept_epoch_with_the_recording_before_it(tiny_recording, tmp_path):
    rec, data = tiny_recording
    job = TrainJob(rec.cfg, data, CPU, history=rec.snapshot(2), networks=rec.networks[2])
    job.start()
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.state == "finished" and snap.epoch == 5
    assert [e["epoch"] for e in snap.epochs] == [1, 2, 3, 4, 5]  # the recording's two, then its own three
    assert snap.epochs[:2] == rec.epochs[:2] and [e for e, _ in snap.grids] == [0, 1, 2, 3, 4, 5]
    assert snap.series["step"] == list(range(1, 5 * rec.steps_per_epoch + 1))


def test_a_broken_or_foreign_file_is_a_clear_error(tmp_path):
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(RecordingError, match="junk.zip is not a readable recording"):
        Recording.load(tmp_path / "junk.zip")
    with zipfile.ZipFile(tmp_path / "future.zip", "w") as z:
        z.writestr("recording.json", json.dumps({"format": 99}))
    with pytest.raises(RecordingError, match="another version"):
        Recording.load(tmp_path / "future.zip")


def rewritten(source, target, change) -> None:
    """`source`'s recording copied to `target`, each member as `change(name, bytes)` returns it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            new.writestr(member, change(member.filename, old.read(member.filename)))


def without_field(recording_json: bytes, field: str) -> bytes:
    """A recording.json without one of its fields."""
    return json.dumps({k: v for k, v in json.loads(recording_json).items() if k != field}).encode()


def damage_compressed_member(source, target, name: str = "epochs.json") -> None:
    """`source` copied to `target` with the compressed bytes of `name` overwritten: reading it is
    zlib's error (an invalid deflate block), not zipfile's."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        member = z.getinfo(name)
    assert member.compress_type == zipfile.ZIP_DEFLATED
    header = member.header_offset
    start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
    start += int.from_bytes(data[header + 28 : header + 30], "little")
    data[start : start + 8] = b"\xff" * 8
    target.write_bytes(bytes(data))


def test_a_damaged_or_incomplete_recording_is_a_clear_error(tiny_recording, tmp_path):
    rec, _ = tiny_recording
    good = rec.save(tmp_path / "good.zip")
    damage_compressed_member(good, tmp_path / "damaged.zip")
    with pytest.raises(RecordingError, match="damaged.zip is not a readable recording"):
        Recording.load(tmp_path / "damaged.zip")

    for field in ("config", "steps_per_epoch", "preset"):  # read later by the page, so checked now
        rewritten(
            good,
            tmp_path / f"no-{field}.zip",
            lambda name, data, field=field: without_field(data, field) if name == "recording.json" else data,
        )
        with pytest.raises(RecordingError, match=f"no-{field}.zip is not a readable recording"):
            Recording.load(tmp_path / f"no-{field}.zip")
    rewritten(good, tmp_path / "list.zip", lambda name, data: b"[1, 2]" if name == "epochs.json" else data)
    with pytest.raises(RecordingError, match="list.zip is not a readable recording"):
        Recording.load(tmp_path / "list.zip")
    assert Recording.load(good).last_epoch == rec.last_epoch  # the copy itself reads


def test_kept_and_shown_epochs_for_a_lesson_length_run():
    assert kept_epochs(400) == (50, 200) and kept_epochs(50) == (6, 25) and kept_epochs(1) == ()
    shown = grid_epochs(400, (50, 200))
    assert set(range(21)) <= shown and {50, 200, 400} <= shown and len(shown) <= 110


def test_the_cli_records_a_recipe_and_says_what_it_wrote(tmp_path, capsys):
    assert main(["record", "--preset", "keras-mlp", "--epochs", "1", "--out", str(tmp_path / "r.zip")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["epochs"] == 1 and out["kept"] == [] and out["grids"] == 2
    rec = Recording.load(tmp_path / "r.zip")
    assert rec.info["command"].startswith("python -m explorer record") and "5,000" in rec.info["data"]
    assert (
        main(["record", "--preset", "keras-mlp", "--epochs", "3", "--keep", "7", "--out", str(tmp_path / "x.zip")]) == 2
    )
    assert "between 1 and 2" in capsys.readouterr().err


def test_every_shipped_recording_is_its_recipe_played_to_the_end():
    """A recipe changed after its recording was made would play a run it no longer is: record it again."""
    for name, path in shipped().items():
        rec = Recording.load(path)
        assert rec.preset == name and rec.cfg == PRESETS[name].config, f"record {name} again"
        assert rec.last_epoch == rec.cfg.epochs and rec.info["outcome"] == "finished"
        assert path.stat().st_size < 10e6 and path.parent == FOLDER
