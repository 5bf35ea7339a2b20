"""What every settings dataclass shares (`TrainConfig`, `GatysConfig`, `FastConfig`, a harmonic
`Curve`): on construction each field is checked against its annotated type, so that a wrong value
from a CLI flag, a JSON file or a link fails at the edge with a sentence, never deep inside a step.
"""

from __future__ import annotations

import dataclasses
import math


def check_fields(settings) -> None:
    """Check (and normalise: a list of widths becomes a tuple) every field of a frozen dataclass."""
    for f in dataclasses.fields(settings):
        object.__setattr__(settings, f.name, check_type(f.name, f.type, getattr(settings, f.name)))


def check_type(name: str, kind: str, value):
    """`value` as a setting of type `kind` (a field's annotation) may hold it, or a ValueError that
    says what was wrong: whole numbers stay whole (64.0 is not a batch size), a whole number is a
    fine float, a list of widths becomes a tuple."""

    def is_int(v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if kind == "int" and not is_int(value):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if kind == "float":
        if not (is_int(value) or isinstance(value, float)) or not math.isfinite(value):
            raise ValueError(f"{name} must be a number, not {value!r}")
        return float(value)
    if kind == "bool" and not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, not {value!r}")
    if kind == "str" and not isinstance(value, str):
        raise ValueError(f"{name} must be a word, not {value!r}")
    if kind == "tuple[int, ...]":
        if not isinstance(value, (tuple, list)) or not all(is_int(v) for v in value):
            raise ValueError(f"{name} must be whole numbers separated by commas (e.g. 256,512), not {value!r}")
        return tuple(value)
    if kind == "tuple[float, ...]":
        if not isinstance(value, (tuple, list)):
            raise ValueError(f"{name} must be numbers separated by commas (e.g. 0.5,0.25), not {value!r}")
        return tuple(check_type(name, "float", v) for v in value)
    if kind == "tuple[str, ...]":
        if isinstance(value, str):
            value = tuple(part.strip() for part in value.split(",") if part.strip())
        if not isinstance(value, (tuple, list)) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} must be names separated by commas (e.g. relu1_1,relu2_1), not {value!r}")
        return tuple(value)
    return value


def setting(default, help: str):
    """A settings field with the sentence that explains it: the CLI's --help reads it (`option`), so
    the help and the default live in one place and cannot drift apart."""
    return dataclasses.field(default=default, metadata={"help": help})


def option(parser, cls, name: str, *, flag: str | None = None, also: dict | None = None, **kwargs) -> None:
    """An argparse option for the field `name` of the settings dataclass `cls`: its type and its help
    (with the default) from the field. The option's own default is None, so that the dataclass's
    default applies when it is not given. `also`: {"fast": FastConfig}, other classes whose default
    for the same field the help names too."""
    f = {f.name: f for f in dataclasses.fields(cls)}[name]
    kind = {"int": int, "float": float, "str": str}.get(f.type, str)
    defaults = (
        f"default {f.default:g}"
        if isinstance(f.default, float)
        else f"default {'none' if f.default in ((), '') else f.default}"
    )
    for word, other in (also or {}).items():
        default = {g.name: g for g in dataclasses.fields(other)}[name].default
        defaults += f"; {word} {default}"
    if f.type == "bool":  # off unless given
        parser.add_argument(
            flag or f"--{name.replace('_', '-')}", dest=name, action="store_true", default=None, help=f.metadata["help"]
        )
    else:
        kwargs.setdefault("type", kind)
        help_text = f"{f.metadata['help']} ({defaults})"
        parser.add_argument(flag or f"--{name.replace('_', '-')}", dest=name, default=None, help=help_text, **kwargs)


def given(args, cls, names: tuple[str, ...] | None = None) -> dict:
    """The options of `args` that name fields of `cls` (of those, `names`) and were given (not None)."""
    fields = {f.name for f in dataclasses.fields(cls)} & set(names or vars(args))
    return {k: v for k, v in vars(args).items() if k in fields and v is not None}
