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
