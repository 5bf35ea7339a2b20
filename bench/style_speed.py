"""Style transfer's speed, side by side in one process (issue 14):

1. a Gatys step at 256 px: the PyTorch tutorial's implementation (bench/style_tutorial.py) against
   ours (explorer/style/gatys.py), same network and weights, same losses; for the tutorial's layers
   (conv1_1 … conv3_1 for style, conv2_2 for content, weights 1e6 : 1) and for the paper's (relu1_1 …
   relu5_1, relu4_2), alternated rounds;
2. time to a good picture: the loss the tutorial reaches in 300 L-BFGS steps at 256 px, and how
   long ours (coarse to fine) takes to reach that same loss, measured by the tutorial's own loss
   code in fp32 on our picture (that check is not timed);
3. the fast network: a 512-px picture, with a picture as the style and with a built-in style;
4. on a GPU only: 300 Gatys steps at 512 px.

    python bench/style_speed.py [--rounds 3] [--steps 300]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from common import machine
from style_tutorial import get_style_model_and_losses, run_style_transfer

from explorer.style import fast, pictures, vgg
from explorer.style.config import FastConfig, GatysConfig
from explorer.style.gatys import Painter, resize

TUTORIAL = {
    "content_layers": ("conv2_2",),
    "style_layers": ("conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1"),
    "content_weight": 1.0,
    "style_weight": 1e6,
}
PAPER = {
    "content_layers": ("relu4_2",),
    "style_layers": ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"),
    "content_weight": 1.0,
    "style_weight": 1e6,
}


def tutorial_names(layers, blocks) -> tuple[str, ...]:
    """conv2_2 → conv_4 (the tutorial counts convolutions over the whole net)."""
    out = []
    for name in layers:
        kind, rest = name[:4], name[4:]
        b, i = (int(v) for v in rest.split("_"))
        out.append(f"{kind}_{sum(blocks[: b - 1]) + i}")
    return tuple(out)


def square(name: str, size: int) -> torch.Tensor:
    """A sample, centre-cropped square and resized to `size` (the tutorial's Resize + CenterCrop)."""
    t = pictures.to_tensor(pictures.load_sample(name))
    h, w = t.shape[-2:]
    side = min(h, w)
    t = t[..., (h - side) // 2 : (h - side) // 2 + side, (w - side) // 2 : (w - side) // 2 + side]
    return resize(t, size)


def ours_config(recipe: dict, **kw) -> GatysConfig:
    return GatysConfig(normalise=False, tv_weight=0.0, init="content", **recipe, **kw)


def step_times(net, content, style, recipe, blocks, n: int = 8) -> tuple[float, float]:
    """Median seconds per closure (tutorial) and per step (ours), at the content's size."""
    t_times: list[float] = []
    last = [time.perf_counter()]

    def on_step(i, loss):
        now = time.perf_counter()
        if i > 2:  # the first evaluations build the model and L-BFGS's state
            t_times.append(now - last[0])
        last[0] = now

    run_style_transfer(
        net,
        content,
        style,
        content.clone(),
        num_steps=n + 2,
        on_step=on_step,
        content_layers=tutorial_names(recipe["content_layers"], blocks),
        style_layers=tutorial_names(recipe["style_layers"], blocks),
        content_weight=recipe["content_weight"],
        style_weight=recipe["style_weight"],
    )
    painter = Painter(
        net, content, style, ours_config(recipe, size=content.shape[-1], steps=n + 2, coarse_to_fine=False)
    )
    o_times = []
    for i in range(n + 2):
        start = time.perf_counter()
        painter.step()
        if i >= 2:
            o_times.append(time.perf_counter() - start)
    return statistics.median(t_times), statistics.median(o_times)


def tutorial_to_loss(net, content, style, recipe, blocks, steps: int):
    """The tutorial's `steps` closures: (its loss at the end, seconds, the loss function it used)."""
    kw = {
        "content_layers": tutorial_names(recipe["content_layers"], blocks),
        "style_layers": tutorial_names(recipe["style_layers"], blocks),
    }
    start = time.perf_counter()
    out = run_style_transfer(
        net,
        content,
        style,
        content.clone(),
        num_steps=steps,
        content_weight=recipe["content_weight"],
        style_weight=recipe["style_weight"],
        **kw,
    )
    seconds = time.perf_counter() - start
    judge, style_losses, content_losses = get_style_model_and_losses(net, style, content, **kw)

    def loss_of(picture: torch.Tensor) -> float:
        with torch.no_grad():
            judge(picture.float())
            return float(
                sum(s.loss for s in style_losses) * recipe["style_weight"]
                + sum(c.loss for c in content_losses) * recipe["content_weight"]
            )

    return loss_of(out.detach()), seconds, loss_of


def ours_to_loss(net, content, style, recipe, steps: int, target: float, loss_of, limit_s: float) -> dict:
    """Ours, coarse to fine (as many steps as the tutorial's, half at 128 and 181 px, then on past
    them if need be), until the tutorial's loss function says it has reached `target`."""
    painter = Painter(net, content, style, ours_config(recipe, size=content.shape[-1], steps=steps))
    painter.plan[-1] += 10 * steps
    reached = None
    while not painter.done and painter.seconds < limit_s:
        painter.step()
        if painter.picture.shape[-1] == content.shape[-1] and painter.step_count % 5 == 0:
            if loss_of(painter.picture.detach()) <= target:  # not timed: painter.seconds counts steps only
                reached = painter.seconds
                break
    return {"ours_s": reached, "ours_steps": painter.step_count, "final_loss": loss_of(painter.picture.detach())}


def step_rounds(net, content, style, blocks, rounds: int) -> None:
    for name, recipe in (("tutorial's layers", TUTORIAL), ("paper's layers", PAPER)):
        results = [step_times(net, content, style, recipe, blocks) for _ in range(rounds)]
        t = statistics.median(r[0] for r in results)
        o = statistics.median(r[1] for r in results)
        print(
            f"step, {name}: tutorial {t:.3f} s, ours {o:.3f} s, {t / o:.2f}× "
            f"(rounds: {', '.join(f'{a:.3f}/{b:.3f}' for a, b in results)})",
            flush=True,
        )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--size", type=int, default=256)
    args = p.parse_args()
    net = vgg.load_loss_net()
    blocks = vgg.VGG19_BLOCKS if "VGG19" in net.title else vgg.VGG16_BLOCKS
    content, style = square("chelsea", args.size), square("ihc", args.size)
    print(f"# {machine()}; loss network {net.title}; {args.size}×{args.size} px")

    step_rounds(net, content, style, blocks, args.rounds)
    target, tutorial_s, loss_of = tutorial_to_loss(net, content, style, TUTORIAL, blocks, args.steps)
    r = ours_to_loss(net, content, style, TUTORIAL, args.steps, target, loss_of, 3 * tutorial_s)
    if r["ours_s"]:
        print(
            f"time to the tutorial's loss after {args.steps} steps ({target:.4g}): tutorial {tutorial_s:.1f} s, "
            f"ours {r['ours_s']:.1f} s ({r['ours_steps']} steps, coarse to fine), "
            f"{r['ours_s'] / tutorial_s:.2f} of the tutorial's time",
            flush=True,
        )
    else:
        print(
            f"ours did not reach the tutorial's loss {target:.4g} within {3 * tutorial_s:.0f} s "
            f"(the tutorial's {args.steps} steps: {tutorial_s:.1f} s); it ended at {r['final_loss']:.4g} "
            f"after {r['ours_steps']} steps",
            flush=True,
        )

    painter = fast.FastPainter()
    photo = pictures.load_sample("astronaut")
    for label, style_ in (("a picture as the style", pictures.load_sample("hubble")), ("built-in style 7", 7)):
        painter.paint(photo, style_, FastConfig(size=512))  # loads the networks
        times = [painter.paint(photo, style_, FastConfig(size=512)).seconds for _ in range(5)]
        print(f"fast, {label}, 512 px: median {statistics.median(times):.3f} s (worst {max(times):.3f} s)", flush=True)

    if torch.cuda.is_available():
        c512, s512 = square("chelsea", 512), square("ihc", 512)
        gpu = Painter(net, c512, s512, GatysConfig(size=512, steps=301, coarse_to_fine=False), device="cuda")
        gpu.step()  # warm-up: 300 steps are timed
        torch.cuda.synchronize()
        start = time.perf_counter()
        gpu.run()
        torch.cuda.synchronize()
        print(f"GPU {torch.cuda.get_device_name()}: 300 Gatys steps at 512 px in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
