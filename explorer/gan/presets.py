"""The lesson's recipes: each a `TrainConfig` with its words in English and Russian. They
reproduce the lesson notes (docs/lessons.md) with their published numbers, or say why they differ."""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.gan.config import GanSettings, TrainConfig, VaeSettings


@dataclass(frozen=True)
class Preset:
    """A recipe: its settings, and its words in English and Russian side by side (the class that
    uses the app speaks Russian; the CLI speaks English). Two levels of words: `plain`, what a
    15-year-old understands, shown first; `source`, the engineering details, one click away."""

    name: str
    title: str
    source: str  # which lesson note it reproduces, or why it differs: layer sizes, optimiser, tricks
    config: TrainConfig = field(default_factory=TrainConfig)
    title_ru: str = ""
    source_ru: str = ""
    plain: str = ""
    plain_ru: str = ""

    def words(self, lang: str) -> tuple[str, str]:
        """(title, source) in `lang` ("en" or "ru")."""
        return (self.title_ru, self.source_ru) if lang == "ru" else (self.title, self.source)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "keras-mlp",
            "Keras MLP GAN (lesson 1)",
            "Lesson 1 (Keras): G 100→256→512→1024→784 and D 784→1024→512→256→1, LeakyReLU(0.2), "
            "dropout 0.3, Adam(2e-4, β1 0.5), batch 128, real labels smoothed to 0.9, 400 epochs.",
            TrainConfig(),
            title_ru="MLP GAN на Keras (урок 1)",
            source_ru="Урок 1 (Keras): G 100→256→512→1024→784 и D 784→1024→512→256→1, LeakyReLU(0.2), dropout 0.3, "
            "Adam(2e-4, β1 0.5), батч 128, метки настоящих сглажены до 0.9, 400 эпох.",
            plain="The simplest GAN, from lesson 1: two networks made of plain "
            "layers of numbers. It learns slowly on a laptop: 400 epochs.",
            plain_ru="Самый простой GAN из урока 1: две сети из обычных слоёв чисел. "
            "На ноутбуке учится медленно: 400 эпох.",
        ),
        Preset(
            "pac-mlp",
            "MLP GAN that writes every digit (the shipped one)",
            "Not from the notes: lesson 1's MLPs, with D judging pairs of pictures at once (PacGAN, so a G "
            "that draws one digit over and over is caught), G learning only from the half of its pictures D "
            "finds most real (top-k), and pictures drawn by an average of G's weights (EMA 0.999). Measured "
            "on the 5,000 offline digits: judge score 8.62, every digit 6.8-14.5%, after 800 epochs "
            "(checkpoints/mnist-mlp.json); lesson 1's MLP with EMA alone: "
            "7.2 after 10 minutes, a third of its digits 1s.",
            TrainConfig(ema=0.999, objective=GanSettings(pack=2, top_k=0.5)),
            title_ru="MLP GAN, который пишет все цифры (тот, что в комплекте)",
            source_ru="Не из конспектов: сети урока 1, но D судит пары картинок сразу "
            "(PacGAN: G, который рисует одну и ту же цифру, попадается), G учится только на половине "
            "своих картинок, которые D считает самыми настоящими (top-k), а рисует усреднённая копия "
            "весов G (EMA 0.999). Замер на 5 000 "
            "офлайн-цифрах: оценка судьи 8.62, каждой цифры 6.8–14.5%, после 800 эпох "
            "(checkpoints/mnist-mlp.json); MLP урока 1 только с EMA — 7.2 за 10 минут, и треть его цифр — "
            "единицы.",
            plain="Lesson 1's networks with three tricks that make G draw every "
            "digit, not only a few. The ready-made one on the Latent space page.",
            plain_ru="Сети урока 1 с тремя приёмами, из-за которых G рисует все цифры, "
            "а не только некоторые. Готовая модель на странице латентного пространства.",
        ),
        Preset(
            "bn-mlp",
            "MLP GAN with BatchNorm (lecture notes)",
            "Lecture notes: G with BatchNorm(momentum 0.8 in Keras terms) after each hidden layer, "
            "D 784→512→256→1 without dropout, D trained on half a batch of real and half of fake, "
            "5×5 grid, no label smoothing.",
            TrainConfig(
                arch="mlp_bn",
                n_fixed=25,
                objective=GanSettings(d_hidden=(512, 256), dropout=0.0, half_batch_d=True, real_label=1.0),
            ),
            title_ru="MLP GAN с BatchNorm (конспект лекций)",
            source_ru="Конспект лекций: в G после каждого скрытого слоя BatchNorm (momentum 0.8 в терминах Keras), D "
            "784→512→256→1 без dropout, D учится на пол-батча настоящих и пол-батча поддельных, сетка 5×5, "
            "без сглаживания меток.",
            plain="The lecture notes' GAN: like lesson 1's, with layers in G that keep its numbers in a steady range.",
            plain_ru="GAN из конспекта лекций: как в уроке 1, но в G есть слои, которые "
            "держат его числа в ровном диапазоне.",
        ),
        Preset(
            "slides-relu",
            "PyTorch ReLU MLP GAN (student slides)",
            "Student slides (PyTorch): ReLU instead of LeakyReLU in both nets, dropout 0.3 in D, lr 1e-4, "
            "no label smoothing; the slides run it on Fashion-MNIST too.",
            TrainConfig(activation="relu", lr_g=1e-4, objective=GanSettings(lr_d=1e-4, real_label=1.0)),
            title_ru="MLP GAN на PyTorch с ReLU (слайды студентов)",
            source_ru="Слайды студентов (PyTorch): ReLU вместо LeakyReLU в обеих сетях, dropout 0.3 в D, lr 1e-4, без "
            "сглаживания меток; на слайдах её обучают и на Fashion-MNIST.",
            plain="The student slides' GAN: like lesson 1's, with a simpler switch "
            "between layers and smaller steps. The slides also train it on clothes.",
            plain_ru="GAN со слайдов студентов: как в уроке 1, но с более простым "
            "переходом между слоями и меньшими шагами. На слайдах его учат и на одежде.",
        ),
        Preset(
            "dcgan",
            "DCGAN (TensorFlow tutorial)",
            "Course lesson, after the TensorFlow tutorial: G dense→7×7×256→transposed "
            "convs 128, 64, 1 (5×5, BatchNorm, "
            "LeakyReLU); D convs 64, 128 (5×5 stride 2, LeakyReLU, dropout 0.3)→dense; "
            "Adam(1e-4) with Keras' default β1 0.9, batch 256, 50 epochs.",
            TrainConfig(
                arch="dcgan",
                width=64,
                lr_g=1e-4,
                beta1_g=0.9,
                batch_size=256,
                epochs=50,
                objective=GanSettings(lr_d=1e-4, beta1_d=0.9, real_label=1.0),
            ),
            title_ru="DCGAN (учебник TensorFlow)",
            source_ru="Урок курса по учебнику TensorFlow: G dense→7×7×256→транспонированные свёртки 128, 64, 1 (5×5, "
            "BatchNorm, LeakyReLU); D свёртки 64, 128 (5×5, шаг 2, LeakyReLU, dropout 0.3)→dense; Adam(1e-4) "
            "с β1 0.9 по умолчанию в Keras, батч 256, 50 эпох.",
            plain="A GAN that looks at pictures through small windows (convolutions), "
            "as the TensorFlow tutorial builds it.",
            plain_ru="GAN, который смотрит на картинки через маленькие окошки (свёртки), как в учебнике TensorFlow.",
        ),
        Preset(
            "faces",
            "Face GAN (student slides)",
            "Student slides: a convolutional GAN on 10,000 celebrity faces with a 32-number latent and "
            "RMSprop(lr 1e-4), gradients clipped at 1.0. Here the DCGAN with those settings; train it on "
            "your own pictures (64 px, colour).",
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
            title_ru="GAN для лиц (слайды студентов)",
            source_ru="Слайды студентов: свёрточный GAN на 10\u00a0000 лицах знаменитостей, "
            "латентный вектор из 32 чисел, RMSprop(lr 1e-4), градиенты обрезаются на 1.0. "
            "Здесь — DCGAN с этими настройками; обучайте его на своих картинках (64 px, цвет).",
            plain="The student slides' GAN for faces. Train it on your own pictures.",
            plain_ru="GAN для лиц со слайдов студентов. Обучайте его на своих картинках.",
        ),
        Preset(
            "fast",
            "Fast DCGAN",
            "The default. Not from the notes: the recipe measured to reach readable digits fastest on a 2-core CPU "
            "(bench/time_to_digits.py). The DCGAN at width 16, batch 64, no dropout, Adam(1e-3, "
            "β1 0, β2 0.9), real labels 0.9, and samples drawn from an average of G's weights (EMA 0.999).",
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
            title_ru="Быстрый DCGAN",
            source_ru="Рецепт по умолчанию. Не из конспектов: рецепт, который быстрее "
            "всех дорисовывается до читаемых цифр на 2-ядерном "
            "процессоре (bench/time_to_digits.py). DCGAN ширины 16, батч 64, без dropout, Adam(1e-3, β1 0, β2 "
            "0.9), метки настоящих 0.9, картинки рисует усреднённая копия весов G (EMA 0.999).",
            plain="The default: a small convolutional GAN, measured to draw readable "
            "digits soonest on a 2-core laptop.",
            plain_ru="По умолчанию: небольшой свёрточный GAN, который по замерам раньше "
            "всех рисует читаемые цифры на 2-ядерном ноутбуке.",
        ),
        Preset(
            "vae",
            "VAE (to compare with the GANs)",
            "Not a GAN: the variational autoencoder the notes compare GANs with. An encoder 784→512→256→16 "
            "says where a picture lies in a 16-number latent space, a decoder 16→256→512→784 draws it back; "
            "trained to rebuild each picture (reconstruction loss) while keeping the latent space close to "
            "a normal distribution (KL loss). Adam(1e-3), batch 128, 100 epochs.",
            TrainConfig(
                arch="vae",
                latent_dim=16,
                g_hidden=(256, 512),
                lr_g=1e-3,
                beta1_g=0.9,
                epochs=100,
                objective=VaeSettings(encoder_hidden=(512, 256), lr_encoder=1e-3, beta1_encoder=0.9),
            ),
            title_ru="VAE (для сравнения с GAN)",
            source_ru="Не GAN: вариационный автокодировщик, с которым конспекты сравнивают GAN. Кодировщик "
            "784→512→256→16 находит место картинки в латентном пространстве из 16 чисел, декодер "
            "16→256→512→784 рисует её обратно. Он учится восстанавливать каждую картинку (потеря "
            "восстановления) и держать латентное пространство близким к нормальному распределению "
            "(потеря KL). Adam(1e-3), батч 128, 100 эпох.",
            plain="Not a GAN: a network that squeezes each picture into 16 numbers "
            "and draws it back. Compare its blurrier pictures with a GAN's on the GAN and VAE page.",
            plain_ru="Не GAN: сеть, которая сжимает каждую картинку в 16 чисел и рисует "
            "её обратно. Сравните её более размытые картинки с картинками GAN на странице «GAN и VAE».",
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
