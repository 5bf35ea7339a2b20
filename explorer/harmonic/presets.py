"""The harmonic GAN's recipes (docs/lessons.md, row 4): 2-D points on a curve, trained by the same
`Trainer` and MLP family as the digits."""

from __future__ import annotations

from explorer.gan.config import GanSettings, TrainConfig
from explorer.gan.presets import Preset
from explorer.i18n import N_

SLIDES_SINE = TrainConfig(
    dataset="curve",
    arch="mlp",
    latent_dim=2,
    g_hidden=(16, 32),
    activation="relu",
    batch_size=32,
    optimizer="adam",
    lr_g=1e-3,
    beta1_g=0.9,
    epochs=300,
    n_fixed=256,
    objective=GanSettings(
        d_hidden=(256, 128, 64), dropout=0.3, d_dropout_layers=3, lr_d=1e-3, beta1_d=0.9, real_label=1.0
    ),
)
HARMONIC_PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "sine-slides",
            N_("The slides' sine GAN"),
            N_(
                "Student slides (PyTorch): 1,024 points (x, sin x); G 2→16→32→2 (ReLU), 2-D normal latent; "
                "D 2→256→128→64→1 (ReLU, dropout 0.3); BCE; Adam(lr 1e-3); batch 32; 300 epochs."
            ),
            SLIDES_SINE,
            plain=N_("The student slides' own GAN of points on a sine curve."),
        ),
        Preset(
            "sine",
            N_("Tuned sine GAN (default)"),
            N_(
                "The default. Measured to reach the curve fastest and stay on "
                "it (bench/harmonic_speed.py): the slides' D without dropout, "
                "a deeper G 2→32→64→64→2, LeakyReLU, batch 128, Adam(5e-4, β1 0.5), both nets in the points' "
                "standardized coordinates, points drawn from an average of G's weights (EMA 0.99)."
            ),
            SLIDES_SINE.replace(
                g_hidden=(32, 64, 64),
                batch_size=128,
                lr_g=5e-4,
                lr_d=5e-4,
                beta1_g=0.5,
                beta1_d=0.5,
                dropout=0.0,
                activation="leaky_relu",
                standardize=True,
                ema=0.99,
                epochs=1000,
            ),
            plain=N_("The default: the slides' GAN, measured to reach the curve fastest and stay on it."),
        ),
    ]
}
DEFAULT_HARMONIC = "sine"
