import csv
import io

import pytest
import torch
from PIL import Image

from explorer.formats.export import grids_gif, series_csv
from explorer.formats.images import grid_png
from explorer.gan.diagnostics import diagnose, variety


def test_gif_has_one_frame_per_grid_and_loops():
    pngs = [grid_png(torch.full((4, 1, 28, 28), v)) for v in (-1.0, 0.0, 1.0)]
    gif = Image.open(io.BytesIO(grids_gif(pngs)))
    assert gif.format == "GIF" and gif.n_frames == 3 and gif.info.get("loop") == 0
    with pytest.raises(ValueError, match="no epoch grids"):
        grids_gif([])


def test_csv_has_a_header_and_a_row_per_step():
    series = {"step": [1, 2], "d_loss": [1.0, 0.9], "g_loss": [0.7, 0.8], "d_real": [0.5, 0.6], "d_fake": [0.4, 0.3]}
    rows = list(csv.reader(io.StringIO(series_csv(series))))
    assert rows[0] == ["step", "d_loss", "g_loss", "d_real", "d_fake"] and rows[2] == ["2", "0.9", "0.8", "0.6", "0.3"]
    vae = list(csv.reader(io.StringIO(series_csv({"step": [1], "recon": [0.2], "kl": [0.1]}))))
    assert vae == [["step", "recon", "kl"], ["1", "0.2", "0.1"]]  # a VAE's own numbers (it broke its page)


def _series(d_real: float, d_fake: float, n: int = 300) -> dict:
    return {
        "step": list(range(1, n + 1)),
        "d_real": [d_real] * n,
        "d_fake": [d_fake] * n,
        "d_loss": [0.1] * n,
        "g_loss": [5.0] * n,
    }


def test_d_wins_is_flagged_only_when_d_spots_every_fake():
    assert [a.kind for a in diagnose(_series(0.95, 0.01))] == ["d_wins"]
    assert diagnose(_series(0.6, 0.4)) == []  # a healthy game
    assert diagnose(_series(0.95, 0.01, n=50)) == []  # too early to tell


def test_mode_collapse_is_flagged_from_the_judges_digit_shares():
    collapsed = [{"epoch": 6, "quality": {"class_fractions": [0.55, 0.05] + [0.05] * 8}}]
    healthy = [{"epoch": 6, "quality": {"class_fractions": [0.1] * 10}}]
    early = [{"epoch": 2, "quality": {"class_fractions": [0.55, 0.05] + [0.05] * 8}}]
    alerts = diagnose(_series(0.6, 0.4), collapsed)
    assert [a.kind for a in alerts] == ["mode_collapse"] and alerts[0].detail.startswith("0 (55%)")
    assert diagnose(_series(0.6, 0.4), healthy) == [] and diagnose(_series(0.6, 0.4), early) == []


def test_samples_that_stop_varying_are_flagged_for_any_pictures():
    real = torch.rand(64, 3, 32, 32, generator=torch.Generator().manual_seed(0)) * 2 - 1
    same = real[:1].repeat(64, 1, 1, 1) + 0.01 * torch.randn(64, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    assert variety(real[32:], real[:32]) == pytest.approx(1.0, abs=0.05)
    assert variety(same, real) < 0.05
    alerts = diagnose(_series(0.6, 0.4), [{"epoch": 6, "variety": variety(same, real)}])
    assert [a.kind for a in alerts] == ["no_variety"] and alerts[0].detail.endswith("%")
    assert diagnose(_series(0.6, 0.4), [{"epoch": 6, "variety": 0.8}]) == []
    assert diagnose(_series(0.6, 0.4), [{"epoch": 1, "variety": 0.05}]) == []  # untrained G: too early


def test_an_alert_does_not_advise_what_the_run_already_does():
    from explorer.gan.presets import preset

    collapsed = [{"epoch": 6, "quality": {"class_fractions": [0.55, 0.05] + [0.05] * 8}}]
    plain = preset("fast").replace(real_label=1.0, d_skip_below=0.0)
    smoothed = plain.replace(real_label=0.9)
    assert diagnose(_series(0.6, 0.4), collapsed, cfg=plain)[0].fixes == ("smooth", "lower_lr", "seed")
    assert diagnose(_series(0.6, 0.4), collapsed, cfg=smoothed)[0].fixes == ("lower_lr", "seed")
    assert diagnose(_series(0.95, 0.01), cfg=plain)[0].fixes == ("lower_lr_d", "skip_d", "smooth")
    assert diagnose(_series(0.95, 0.01), cfg=smoothed.replace(d_skip_below=0.3))[0].fixes == ("lower_lr_d",)
    assert diagnose(_series(0.95, 0.01))[0].fixes == ("lower_lr_d", "skip_d", "smooth")  # no settings: every fix
