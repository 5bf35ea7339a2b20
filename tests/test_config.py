import pytest

from explorer.gan.config import PRESETS, TrainConfig, preset


def test_presets_reproduce_the_lesson_numbers():
    keras = preset("keras-mlp")
    assert (keras.latent_dim, keras.g_hidden, keras.d_hidden) == (100, (256, 512, 1024), (1024, 512, 256))
    assert (keras.lr_g, keras.beta1_g, keras.batch_size, keras.real_label, keras.epochs) == (2e-4, 0.5, 128, 0.9, 400)
    bn = preset("bn-mlp")
    assert bn.arch == "mlp_bn" and bn.half_batch_d and bn.d_hidden == (512, 256) and bn.n_fixed == 25
    assert preset("slides-relu").activation == "relu" and preset("slides-relu").lr_d == 1e-4
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
        TrainConfig(**changes)


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
        TrainConfig(**changes)


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
