import dataclasses

import pytest

from explorer.gan.config import GanSettings, TrainConfig
from explorer.gan.presets import PRESETS, preset


def test_presets_reproduce_the_lesson_numbers():
    keras = preset("keras-mlp")
    assert (keras.latent_dim, keras.g_hidden, keras.gan.d_hidden) == (100, (256, 512, 1024), (1024, 512, 256))
    assert (keras.lr_g, keras.beta1_g, keras.batch_size, keras.gan.real_label, keras.epochs) == (
        2e-4,
        0.5,
        128,
        0.9,
        400,
    )
    bn = preset("bn-mlp")
    assert bn.arch == "mlp_bn" and bn.gan.half_batch_d and bn.gan.d_hidden == (512, 256) and bn.n_fixed == 25
    assert preset("slides-relu").activation == "relu" and preset("slides-relu").gan.lr_d == 1e-4
    assert preset("dcgan").arch == "dcgan"
    for p in PRESETS.values():
        assert p.title and p.source


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"arch": "transformer"}, "arch must be one of"),
        ({"batch_size": 1}, "batch_size"),
        ({"real_label": 0.3}, "label smoothing"),
        ({"lr_d": 5.0}, "learning rates above 1"),
        ({"arch": "dcgan", "image_size": 48}, "28, 32 or 64"),
        ({"ema": 0.2}, "ema"),
    ],
)
def test_bad_values_say_what_to_change(changes, words):
    with pytest.raises(ValueError, match=words):
        TrainConfig().replace(**changes)


def test_dict_round_trip_and_unknown_fields():
    cfg = preset("bn-mlp").replace(seed=7)
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg
    assert TrainConfig.from_dict(__import__("json").loads(cfg.to_json())) == cfg
    with pytest.raises(ValueError, match="unknown config fields: colour"):
        TrainConfig.from_dict({**cfg.to_dict(), "colour": 1})
    with pytest.raises(ValueError, match="unknown preset"):
        preset("nope")


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"batch_size": 64.0}, "batch_size must be a whole number, not 64.0"),
        ({"seed": "abc"}, "seed must be a whole number, not 'abc'"),
        ({"epochs": 1.5}, "epochs must be a whole number, not 1.5"),
        ({"epochs": True}, "epochs must be a whole number, not True"),
        ({"half_batch_d": 1}, "half_batch_d must be true or false"),
        ({"lr_d": "fast"}, "lr_d must be a number"),
        ({"g_hidden": 256}, "g_hidden must be whole numbers separated by commas"),
        ({"g_hidden": (256.0,)}, "g_hidden must be whole numbers"),
        ({"arch": 3}, "arch must be a word"),
    ],
)
def test_wrong_types_are_refused_at_the_edge(changes, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        TrainConfig().replace(**changes)


def test_right_types_are_kept_or_widened():
    cfg = TrainConfig(beta2=0, g_hidden=[64, 32])  # a whole number is a number; a list of widths a tuple
    assert cfg.beta2 == 0.0 and isinstance(cfg.beta2, float) and cfg.g_hidden == (64, 32)


def test_set_reads_each_setting_as_its_type():
    from explorer.gan.config import parse_overrides

    assert parse_overrides(["g_hidden=256", "lr_d=2e-4", "half_batch_d=yes", "epochs=3", "arch=dcgan"]) == {
        "g_hidden": (256,),
        "lr_d": 2e-4,
        "half_batch_d": True,
        "epochs": 3,
        "arch": "dcgan",
    }
    for pair, words in [
        ("epochs=1.5", "epochs must be a whole number"),
        ("seed=abc", "seed must be a whole number"),
        ("batch_size=64.0", "whole number"),
        ("ema=lots", "ema must be a number"),
        ("half_batch_d=maybe", "true or false"),
        ("d_hidden=a,b", "whole numbers separated"),
    ]:
        with pytest.raises(ValueError, match=words):
            parse_overrides([pair])


def _flat(cfg: TrainConfig, **renamed) -> dict:
    """The layout of files written before the objectives were nested: every setting at the top."""
    out = {k: v for k, v in cfg.to_dict().items() if k != "objective"}
    own = {k: v for k, v in cfg.to_dict()["objective"].items() if k != "kind"}
    return out | {renamed.get(k, k): v for k, v in own.items()}


def test_each_objective_keeps_its_own_settings_nested():
    gan, vae = preset("fast"), preset("vae")
    assert gan.to_dict()["objective"]["kind"] == "gan" and "lr_d" not in gan.to_dict()
    assert vae.to_dict()["objective"] == {
        "kind": "vae",
        "encoder_hidden": (512, 256),
        "lr_encoder": 1e-3,
        "beta1_encoder": 0.9,
        "kl_weight": 1.0,
    }
    assert TrainConfig.from_dict(vae.to_dict()) == vae
    with pytest.raises(ValueError, match="dropout: not a setting of the VAE"):
        vae.replace(dropout=0.1)
    with pytest.raises(ValueError, match="kl_weight: not a setting of the GAN"):
        gan.replace(kl_weight=2.0)
    with pytest.raises(ValueError, match="the VAE has no discriminator"):
        vae.gan  # noqa: B018
    with pytest.raises(ValueError, match="GanSettings, not VaeSettings"):
        TrainConfig(arch="dcgan", objective=vae.objective)
    assert vae.replace(arch="mlp").gan == GanSettings()  # another family starts from its defaults
    assert gan.learning_rates() == {"lr_g": 1e-3, "lr_d": 1e-3} and vae.learning_rates()["lr_encoder"] == 1e-3


def test_files_written_with_the_flat_layout_still_load():
    gan = preset("bn-mlp")
    assert TrainConfig.from_dict(_flat(gan) | {"kl_weight": 1.0}) == gan  # the old layout wrote every field
    vae = preset("vae").replace(kl_weight=0.5)
    old = _flat(vae, encoder_hidden="d_hidden", lr_encoder="lr_d", beta1_encoder="beta1_d")
    old |= {"dropout": 0.0, "real_label": 1.0, "pack": 1, "d_width": 0}  # D's fields, meaningless to a VAE
    assert TrainConfig.from_dict(old) == vae
    with pytest.raises(ValueError, match="objective must name its kind"):
        TrainConfig.from_dict({**gan.to_dict(), "objective": {"lr_d": 1e-3}})


# Every check of the settings at its edges: the last value it takes, the first it refuses, and the
# sentence a student or the CLI then reads (word for word: the sentence is what the check is for).
LR = "learning rates must be positive"
LR_HIGH = "learning rates above 1 diverge at once; try 2e-4"
BETAS = "betas must be in [0, 1)"
EDGES = [  # (the base arch, the setting, values taken, values refused, the sentence)
    ("mlp", "latent_dim", (1, 4096), (0, 4097), "latent_dim must be between 1 and 4096"),
    ("mlp", "g_hidden", ((1,),), ((), (0, 4)), "G needs positive hidden layer widths"),
    ("mlp", "bn_momentum", (1.0, 1e-6), (0.0, 1.01), "bn_momentum must be in (0, 1] (PyTorch convention)"),
    ("mlp", "width", (1,), (0,), "width must be positive"),
    ("mlp", "batch_size", (2,), (1,), "batch_size must be at least 2"),
    ("mlp", "lr_g", (1e-9, 0.999), (0.0,), LR),
    ("mlp", "lr_g", (), (1.0,), LR_HIGH),
    ("mlp", "beta1_g", (0.0, 0.999), (-0.01, 1.0), BETAS),
    ("mlp", "beta2", (0.0, 0.999), (-0.01, 1.0), BETAS),
    ("mlp", "grad_clip", (0.0,), (-0.1,), "grad_clip must be 0 (off) or positive"),
    ("mlp", "epochs", (1,), (0,), "epochs must be at least 1"),
    ("mlp", "ema", (0.0, 0.5, 0.999), (0.49, 1.0, -0.1), "ema must be 0 (off) or in [0.5, 1); 0.999 is usual"),
    ("mlp", "n_fixed", (1, 256), (0, 257), "n_fixed must be between 1 and 256"),
    ("mlp", "image_size", (8,), (7,), "image_size must be at least 8 pixels"),
    ("mlp", "image_channels", (1, 3), (2, 4), "image_channels must be 1 (grey) or 3 (colour)"),
    ("dcgan", "image_size", (28, 32, 64), (30, 128), "the DCGAN makes 28, 32 or 64 pixel images"),
    (
        "mlp",
        "activation",
        ("relu", "leaky_relu"),
        ("tanh",),
        "activation must be one of leaky_relu, relu, not 'tanh'",
    ),
    ("mlp", "standardize", (False,), (True,), "standardize is for points on a curve"),
    ("mlp", "d_hidden", ((1,),), ((), (4, 0)), "D needs positive hidden layer widths"),
    ("mlp", "d_width", (0, 1), (-1,), "d_width must be 0 (the same as width) or positive"),
    ("mlp", "dropout", (0.0, 0.99), (-0.01, 1.0), "dropout must be in [0, 1)"),
    ("mlp", "d_dropout_layers", (0,), (-1,), "d_dropout_layers must be 0 or more"),
    ("mlp", "lr_d", (1e-9, 0.999), (0.0,), LR),
    ("mlp", "lr_d", (), (1.0,), LR_HIGH),
    ("mlp", "beta1_d", (0.0, 0.999), (-0.01, 1.0), BETAS),
    (
        "mlp",
        "real_label",
        (0.51, 1.0),
        (0.5, 1.01),
        "real_label (label smoothing) must be in (0.5, 1.0]; the notes use 0.9",
    ),
    ("mlp", "d_steps", (1, 20), (0, 21), "d_steps must be between 1 and 20"),
    ("mlp", "d_skip_below", (0.0,), (-0.1,), "d_skip_below must be 0 (never skip) or positive"),
    (
        "mlp",
        "augment_p",
        (1.0, 0.01),
        (0.0, 1.01),
        "augment_p must be in (0, 1]: the share of images DiffAugment changes",
    ),
    ("mlp", "pack", (1, 4), (0, 5), "pack must be between 1 (off) and 4"),
    (
        "mlp",
        "top_k",
        (0.1, 1.0),
        (0.09, 1.01),
        "top_k must be in [0.1, 1] (1 = off; the paper keeps at least half: 0.5)",
    ),
    ("mlp", "arch", ("mlp_bn",), ("transformer",), "arch must be one of mlp, mlp_bn, dcgan, vae, not 'transformer'"),
    (
        "mlp",
        "dataset",
        ("fashion", "curve"),
        ("cifar",),
        "dataset must be one of mnist, fashion, pictures, curve, not 'cifar'",
    ),
    (
        "mlp",
        "dataset",
        (),
        ("pictures",),
        "your own pictures train with a convolutional preset (fast, dcgan or faces) or the VAE, not an MLP GAN",
    ),
    ("mlp", "optimizer", ("rmsprop",), ("sgd2",), "optimizer must be one of adam, rmsprop, not 'sgd2'"),
    ("mlp", "precision", ("bf16",), ("fp8",), "precision must be one of fp32, bf16, not 'fp8'"),
    ("mlp", "g_loss", ("saturating",), ("hinge",), "g_loss must be one of non_saturating, saturating, not 'hinge'"),
    ("vae", "encoder_hidden", ((1,),), ((), (3, 0)), "the encoder needs positive hidden layer widths"),
    ("vae", "lr_encoder", (1e-9, 0.999), (0.0, 1.0), "lr_encoder must be in (0, 1); try 1e-3"),
    ("vae", "beta1_encoder", (0.0, 0.999), (-0.01, 1.0), BETAS),
    ("vae", "kl_weight", (0.0,), (-0.1,), "kl_weight must be 0 or positive (1 = the plain VAE)"),
]


@pytest.mark.parametrize("arch, name, taken, refused, sentence", EDGES, ids=[f"{e[0]}-{e[1]}" for e in EDGES])
def test_every_setting_is_checked_at_its_edges_with_its_sentence(arch, name, taken, refused, sentence):
    base = TrainConfig(arch=arch, image_size=28, n_fixed=4)
    own = {f.name for f in dataclasses.fields(TrainConfig)}
    for value in taken:
        changed = base.replace(**{name: value})
        assert getattr(changed if name in own else changed.objective, name) == value
    for value in refused:
        with pytest.raises(ValueError) as refusal:
            base.replace(**{name: value})
        assert str(refusal.value) == sentence, value


@pytest.mark.parametrize(
    "kind, value, kept",
    [
        ("int", 3, 3),
        ("float", 2, 2.0),
        ("float", 1.5, 1.5),
        ("bool", False, False),
        ("str", "adam", "adam"),
        ("tuple[int, ...]", [256, 512], (256, 512)),
        ("tuple[float, ...]", [1, 0.5], (1.0, 0.5)),
        ("tuple[str, ...]", " relu1_1, relu2_1 ,", ("relu1_1", "relu2_1")),
        ("tuple[str, ...]", ["conv4_2"], ("conv4_2",)),
        ("GanSettings | None", {"any": "thing"}, {"any": "thing"}),  # not a plain type: left to its own checks
    ],
)
def test_a_setting_of_the_right_type_is_kept_and_normalised(kind, value, kept):
    from explorer.settings import check_type

    out = check_type("x", kind, value)
    assert out == kept and type(out) is type(kept)


@pytest.mark.parametrize(
    "kind, value, sentence",
    [
        ("int", 3.0, "x must be a whole number, not 3.0"),
        ("int", True, "x must be a whole number, not True"),
        ("int", "3", "x must be a whole number, not '3'"),
        ("float", "1", "x must be a number, not '1'"),
        ("float", True, "x must be a number, not True"),
        ("float", float("nan"), "x must be a number, not nan"),
        ("float", float("inf"), "x must be a number, not inf"),
        ("bool", 1, "x must be true or false, not 1"),
        ("str", 3, "x must be a word, not 3"),
        ("tuple[int, ...]", [1, 2.0], "x must be whole numbers separated by commas (e.g. 256,512), not [1, 2.0]"),
        ("tuple[int, ...]", "1,2", "x must be whole numbers separated by commas (e.g. 256,512), not '1,2'"),
        ("tuple[float, ...]", "0.5", "x must be numbers separated by commas (e.g. 0.5,0.25), not '0.5'"),
        ("tuple[float, ...]", [1, "a"], "x must be a number, not 'a'"),
        ("tuple[str, ...]", [1], "x must be names separated by commas (e.g. relu1_1,relu2_1), not [1]"),
        ("tuple[str, ...]", 7, "x must be names separated by commas (e.g. relu1_1,relu2_1), not 7"),
    ],
)
def test_a_setting_of_the_wrong_type_is_one_sentence(kind, value, sentence):
    from explorer.settings import check_type

    with pytest.raises(ValueError) as refusal:
        check_type("x", kind, value)
    assert str(refusal.value) == sentence


def test_options_take_their_type_help_and_default_from_the_settings():
    import argparse

    from explorer.settings import given, option
    from explorer.style.config import FastConfig, GatysConfig

    parser = argparse.ArgumentParser()
    option(parser, GatysConfig, "size", also={"fast": FastConfig})
    option(parser, GatysConfig, "style_scale")
    option(parser, GatysConfig, "preserve_colors")
    option(parser, GatysConfig, "seed", flag="--noise-seed")
    helps = {a.dest: a.help for a in parser._actions}
    size_default = {f.name: f.default for f in dataclasses.fields(GatysConfig)}["size"]
    assert helps["size"].endswith(f"(default {size_default}; fast 512)")
    assert helps["style_scale"].endswith("(default 1)")  # a float default, written as :g writes it
    assert helps["preserve_colors"] == "keep the photo's colours, take only light and texture from the painting"
    args = parser.parse_args(["--size", "256", "--noise-seed", "3", "--preserve-colors"])
    assert (args.size, args.seed, args.preserve_colors, args.style_scale) == (256, 3, True, None)
    assert given(args, GatysConfig) == {"size": 256, "seed": 3, "preserve_colors": True}  # only what was given
    assert given(args, GatysConfig, ("size",)) == {"size": 256}
    assert given(parser.parse_args([]), GatysConfig) == {}
    with pytest.raises(SystemExit):
        parser.parse_args(["--size", "big"])  # the field's type


@pytest.mark.parametrize(
    "changes, sentence",
    [
        ({"diff_augment": True}, "DiffAugment is for images, not for points on a curve"),
        ({"pack": 2}, "pack is for pictures, not points on a curve"),
        ({"arch": "dcgan"}, "points on a curve train with the MLP GAN (arch mlp)"),
        ({"arch": "vae"}, "points on a curve train with the MLP GAN, not the VAE"),
    ],
)
def test_points_on_a_curve_refuse_what_is_for_pictures(changes, sentence):
    curve = TrainConfig(dataset="curve")
    assert curve.replace(standardize=True).standardize  # a curve's own setting
    with pytest.raises(ValueError) as refusal:
        curve.replace(**changes)
    assert str(refusal.value) == sentence


@pytest.mark.parametrize(
    "changes, sentence",
    [
        ({"half_batch_d": True, "batch_size": 3}, "half_batch_d needs batch_size of at least 4"),
        ({"pack": 3, "batch_size": 8}, "with pack 3, the batch (and half batch) must divide into packs of 3"),
        (
            {"pack": 2, "batch_size": 6, "half_batch_d": True},  # 6 divides by 2, its half (3) does not
            "with pack 2, the batch (and half batch) must divide into packs of 2",
        ),
    ],
)
def test_the_batch_must_suit_half_batches_and_packs(changes, sentence):
    assert TrainConfig().replace(half_batch_d=True, batch_size=4).gan.d_batch(4) == 2
    assert TrainConfig().replace(pack=4, batch_size=8, half_batch_d=True).gan.images_per_step(8) == 4
    with pytest.raises(ValueError) as refusal:
        TrainConfig().replace(**changes)
    assert str(refusal.value) == sentence


def test_a_config_moves_between_datasets_and_keeps_its_objective():
    faces = TrainConfig(arch="dcgan").for_data("pictures")
    assert (faces.dataset, faces.image_size, faces.image_channels) == ("pictures", 64, 3)
    back = faces.for_data("mnist")
    assert (back.dataset, back.image_size, back.image_channels) == ("mnist", 28, 1)
    assert TrainConfig(arch="vae").for_data("pictures", 32).image_size == 32  # the VAE learns pictures too
    tuned = TrainConfig().replace(lr_d=1e-3, pack=2)
    assert tuned.replace(seed=3).gan == tuned.gan  # another setting changed: D's stay
    mine = GanSettings(lr_d=5e-4)
    assert TrainConfig().replace(objective=mine).gan == mine


def test_settings_of_the_other_objective_or_none_at_all_are_named():
    cases = [
        (TrainConfig(arch="vae"), {"lr_d": 1e-4}, "lr_d: not a setting of the VAE (it has no discriminator)"),
        (
            TrainConfig(),
            {"kl_weight": 1.0, "encoder_hidden": (8,)},
            "encoder_hidden, kl_weight: not a setting of the GAN (it has no encoder)",
        ),
        (TrainConfig(), {"colour": 1, "shape": 2}, "unknown config fields: colour, shape"),
    ]
    for cfg, changes, sentence in cases:
        with pytest.raises(ValueError) as refusal:
            cfg.replace(**changes)
        assert str(refusal.value) == sentence
    with pytest.raises(ValueError) as refusal:
        TrainConfig.from_dict({"objective": {"kind": "diffusion"}})
    assert str(refusal.value) == "objective must name its kind (gan, vae), not {'kind': 'diffusion'}"
    assert TrainConfig.from_dict({"seed": 3}) == TrainConfig(seed=3)  # what a file leaves out is the default (mlp)
    assert TrainConfig().to_json().startswith('{\n  "arch": "mlp",\n')  # one setting per line, for a person


@pytest.mark.parametrize(
    "word, value",
    [(w, True) for w in ("true", "Yes", "1", "TRUE")] + [(w, False) for w in ("false", "No", "0", "FALSE")],
)
def test_set_reads_yes_and_no_in_every_spelling(word, value):
    from explorer.gan.config import parse_overrides

    assert parse_overrides([f"half_batch_d={word}"]) == {"half_batch_d": value}


def test_set_says_exactly_what_it_could_not_read():
    from explorer.gan.config import parse_overrides

    assert parse_overrides(["g_hidden=256, 512,", "arch= dcgan "]) == {"g_hidden": (256, 512), "arch": "dcgan"}
    for pairs, sentence in [
        (["half_batch_d=maybe"], "--set half_batch_d=maybe: half_batch_d must be true or false"),
        (["d_hidden=a,b"], "--set d_hidden=a,b: d_hidden must be whole numbers separated by commas (e.g. 256,512)"),
        (["epochs=1.5"], "--set epochs=1.5: epochs must be a whole number"),
        (["ema=lots"], "--set ema=lots: ema must be a number"),
    ]:
        with pytest.raises(ValueError) as refusal:
            parse_overrides(pairs)
        assert str(refusal.value) == sentence
    for pair in ("colour=red", "epochs"):
        with pytest.raises(ValueError) as refusal:
            parse_overrides([pair])
        said = str(refusal.value)
        assert said.startswith(f"--set {pair!r}: write KEY=VALUE with one of the settings arch, dataset, ")
        assert said.endswith(", lr_encoder, beta1_encoder, kl_weight")


def test_the_style_config_names_every_unknown_layer_and_replaces_like_the_trainings():
    from explorer.style.config import GatysConfig

    with pytest.raises(ValueError) as refusal:
        GatysConfig(style_layers=("relu9_9", "conv0_1"))
    assert str(refusal.value) == "style_layers: no layer relu9_9, conv0_1; layers are named like relu4_2 or conv1_1"
    fewer = GatysConfig().replace(steps=7, style_layers=("relu1_1",))
    assert (fewer.steps, fewer.style_layers, fewer.lr) == (7, ("relu1_1",), GatysConfig().lr)
    with pytest.raises(ValueError, match="steps"):
        GatysConfig().replace(steps=0)


def test_half_batches_are_whole_numbers_of_pictures():
    half = GanSettings(half_batch_d=True)
    assert half.d_batch(64) == 32 and type(half.d_batch(64)) is int and GanSettings().d_batch(64) == 64
