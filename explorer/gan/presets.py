"""The lesson's recipes: each a `TrainConfig` with its words. They
reproduce the lesson notes (docs/lessons.md) with their published numbers, or say why they differ."""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.gan.config import GanSettings, TrainConfig, VaeSettings
from explorer.i18n import N_


@dataclass(frozen=True)
class Preset:
    """A recipe: its settings, and its words (English, marked for the catalogue: explorer/i18n).
    Two levels of words: `plain`, what a 15-year-old understands, shown first; `source`, the
    engineering details, one click away."""

    name: str
    title: str
    source: str  # which lesson note it reproduces, or why it differs: layer sizes, optimiser, tricks
    config: TrainConfig = field(default_factory=TrainConfig)
    plain: str = ""


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "keras-mlp",
            N_("Keras MLP GAN (lesson 1)"),
            N_(
                "Lesson 1 (Keras): G 100→256→512→1024→784 and D 784→1024→512→256→1, LeakyReLU(0.2), "
                "dropout 0.3, Adam(2e-4, β1 0.5), batch 128, real labels smoothed to 0.9, 400 epochs."
            ),
            TrainConfig(),
            plain=N_(
                "The simplest GAN, from lesson 1: two networks made of plain "
                "layers of numbers. It learns slowly on a laptop: 400 epochs."
            ),
        ),
        Preset(
            "pac-mlp",
            N_("MLP GAN that writes every digit (the shipped one)"),
            N_(
                "Not from the notes: lesson 1's MLPs, with D judging pairs of pictures at once (PacGAN, so a G "
                "that draws one digit over and over is caught), G learning only from the half of its pictures D "
                "finds most real (top-k), and pictures drawn by an average of G's weights (EMA 0.999). Measured "
                "on the 5,000 offline digits: judge score 8.62, every digit 6.8-14.5%, after 800 epochs "
                "(checkpoints/mnist-mlp.json); lesson 1's MLP with EMA alone: "
                "7.2 after 10 minutes, a third of its digits 1s."
            ),
            TrainConfig(ema=0.999, objective=GanSettings(pack=2, top_k=0.5)),
            plain=N_(
                "Lesson 1's networks with three tricks that make G draw every "
                "digit, not only a few. The ready-made one on the Latent space page."
            ),
        ),
        Preset(
            "bn-mlp",
            N_("MLP GAN with BatchNorm (lecture notes)"),
            N_(
                "Lecture notes: G with BatchNorm(momentum 0.8 in Keras terms) after each hidden layer, "
                "D 784→512→256→1 without dropout, D trained on half a batch of real and half of fake, "
                "5×5 grid, no label smoothing."
            ),
            TrainConfig(
                arch="mlp_bn",
                n_fixed=25,
                objective=GanSettings(d_hidden=(512, 256), dropout=0.0, half_batch_d=True, real_label=1.0),
            ),
            plain=N_(
                "The lecture notes' GAN: like lesson 1's, with layers in G that keep its numbers in a steady range."
            ),
        ),
        Preset(
            "slides-relu",
            N_("PyTorch ReLU MLP GAN (student slides)"),
            N_(
                "Student slides (PyTorch): ReLU instead of LeakyReLU in both nets, dropout 0.3 in D, lr 1e-4, "
                "no label smoothing; the slides run it on Fashion-MNIST too."
            ),
            TrainConfig(activation="relu", lr_g=1e-4, objective=GanSettings(lr_d=1e-4, real_label=1.0)),
            plain=N_(
                "The student slides' GAN: like lesson 1's, with a simpler switch "
                "between layers and smaller steps. The slides also train it on clothes."
            ),
        ),
        Preset(
            "dcgan",
            N_("DCGAN (TensorFlow tutorial)"),
            N_(
                "Course lesson, after the TensorFlow tutorial: G dense→7×7×256→transposed "
                "convs 128, 64, 1 (5×5, BatchNorm, "
                "LeakyReLU); D convs 64, 128 (5×5 stride 2, LeakyReLU, dropout 0.3)→dense; "
                "Adam(1e-4) with Keras' default β1 0.9, batch 256, 50 epochs."
            ),
            TrainConfig(
                arch="dcgan",
                width=64,
                lr_g=1e-4,
                beta1_g=0.9,
                batch_size=256,
                epochs=50,
                objective=GanSettings(lr_d=1e-4, beta1_d=0.9, real_label=1.0),
            ),
            plain=N_(
                "A GAN that looks at pictures through small windows (convolutions), "
                "as the TensorFlow tutorial builds it."
            ),
        ),
        Preset(
            "faces",
            N_("Face GAN (student slides)"),
            N_(
                "Student slides: a convolutional GAN on 10,000 celebrity faces with a 32-number latent and "
                "RMSprop(lr 1e-4), gradients clipped at 1.0. Here the DCGAN with those settings; train it on "
                "your own pictures (64 px, colour)."
            ),
            TrainConfig(
                arch="dcgan",
                width=32,
                latent_dim=32,
                optimizer="rmsprop",
                lr_g=1e-4,
                grad_clip=1.0,
                batch_size=64,
                epochs=100,
                objective=GanSettings(lr_d=1e-4, dropout=0.0, real_label=0.9),
            ),
            plain=N_("The student slides' GAN for faces. Train it on your own pictures."),
        ),
        Preset(
            "fast",
            N_("Fast DCGAN"),
            N_(
                "The default. Not from the notes: the recipe measured to reach readable digits fastest on a 2-core CPU "
                "(bench/time_to_digits.py). The DCGAN at width 16, batch 64, no dropout, Adam(1e-3, "
                "β1 0, β2 0.9), real labels 0.9, and samples drawn from an average of G's weights (EMA 0.999)."
            ),
            TrainConfig(
                arch="dcgan",
                width=16,
                batch_size=64,
                lr_g=1e-3,
                beta1_g=0.0,
                beta2=0.9,
                ema=0.999,
                epochs=100,
                objective=GanSettings(lr_d=1e-3, beta1_d=0.0, dropout=0.0, real_label=0.9),
            ),
            plain=N_(
                "The default: a small convolutional GAN, measured to draw readable digits soonest on a 2-core laptop."
            ),
        ),
        Preset(
            "vae",
            N_("VAE (to compare with the GANs)"),
            N_(
                "Not a GAN: the variational autoencoder the notes compare GANs with. An encoder 784→512→256→16 "
                "says where a picture lies in a 16-number latent space, a decoder 16→256→512→784 draws it back; "
                "trained to rebuild each picture (reconstruction loss) while keeping the latent space close to "
                "a normal distribution (KL loss). Adam(1e-3), batch 128, 100 epochs."
            ),
            TrainConfig(
                arch="vae",
                latent_dim=16,
                g_hidden=(256, 512),
                lr_g=1e-3,
                beta1_g=0.9,
                epochs=100,
                objective=VaeSettings(encoder_hidden=(512, 256), lr_encoder=1e-3, beta1_encoder=0.9),
            ),
            plain=N_(
                "Not a GAN: a network that squeezes each picture into 16 numbers "
                "and draws it back. Compare its blurrier pictures with a GAN's on the GAN and VAE page."
            ),
        ),
    ]
}

# The preset `train` uses without --preset: the one measured to reach readable digits fastest
# on a 2-core CPU (bench/time_to_digits.py).
DEFAULT_PRESET = "fast"


def preset(name: str) -> TrainConfig:
    try:
        return PRESETS[name].config
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}") from None
