"""The one training loop for every generative model in the app (MLP, BatchNorm MLP, DCGAN, VAE).

One GAN `step()` is the classic two-phase update (Goodfellow et al. 2014, arXiv:1406.2661):
  1. D: minimise  −log D(x) − log(1 − D(G(z)))   (with real target `real_label`, e.g. 0.9)
     `d_steps` times, each on a fresh real batch, skipped while D's loss is below `d_skip_below`;
  2. G, through a frozen D: minimise −log D(G(z))  (non-saturating), or log(1 − D(G(z))).
D returns logits and every loss is BCE-with-logits, so label smoothing is only a target value.
A VAE (arch "vae", the notes' contrast) takes the same loop's batches, epochs, guards and state:
its `D` is the encoder, its `G` the decoder, and one step lowers reconstruction + KL on one batch.

The trainer never prints and never syncs the host inside a step: its metrics are 0-d device
tensors that the driver (CLI, UI, benchmark) turns into numbers when it wants them. Randomness
(batches, z, dropout masks) comes from `self.rng`, seeded from the config: same seed, same run.
"""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

from explorer.data.datasets import ImageData
from explorer.formats.checkpoint import map_tensors
from explorer.gan.augment import diff_augment
from explorer.gan.config import TrainConfig
from explorer.gan.metrics import EpochSummary, StepMetrics, metric_names
from explorer.gan.models import Dropout, build_models, pack_pictures, standardize_to
from explorer.gan.models.vae import vae_losses
from explorer.words import say


class TrainingDiverged(RuntimeError):
    """A loss became NaN/Inf; the trainer has already gone back to its last good state."""


class Trainer:
    GUARD_EVERY = 20  # steps between NaN checks (each one syncs) and last-good snapshots

    def __init__(
        self, cfg: TrainConfig, data: ImageData, device: torch.device | str | None = None, *, cuda_graph: bool = True
    ) -> None:
        self.cfg = cfg
        self.metrics = metric_names(cfg)
        self.device = torch.device(device) if device is not None else data.images.device
        # Replaying the step as a CUDA graph needs a step without host syncs (no skip-D test).
        self._use_graph = cuda_graph and self.device.type == "cuda" and cfg.d_skip_below == 0 and cfg.arch != "vae"
        self._graph: torch.cuda.CUDAGraph | None = None
        if tuple(data.images.shape[1:]) != cfg.image_shape:
            raise ValueError(
                f"the config expects images of shape {cfg.image_shape} but {data.name} has "
                f"{tuple(data.images.shape[1:])}; set image_channels/image_size to match"
            )
        self.data = data if data.images.device == self.device else data.to(self.device)
        self.steps_per_epoch = self._steps_per_epoch(cfg)

        init_rng = torch.Generator().manual_seed(cfg.seed)  # CPU: same weights on any device
        G, D = build_models(cfg, init_rng)
        if cfg.standardize:  # points: both nets work in the real points' standardized coordinates
            standardize_to(G, D, data.images)
        if cfg.arch == "dcgan":  # oneDNN's and cuDNN's convolutions are faster on NHWC (~10% of a CPU step)
            G, D = G.to(memory_format=torch.channels_last), D.to(memory_format=torch.channels_last)
        self.G, self.D = G.to(self.device), D.to(self.device)
        self.fixed_z = torch.randn(cfg.n_fixed, cfg.latent_dim, generator=init_rng).to(self.device)
        self.rng = torch.Generator(device=self.device).manual_seed(cfg.seed + 1)
        for m in self.D.modules():
            if isinstance(m, Dropout):
                m.rng = self.rng
        # The averaged generator that sample() draws from (G itself when ema is off).
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False) if cfg.ema > 0 else self.G
        self.opt_g = self._optimizer(self.G, cfg.lr_g, cfg.beta1_g)
        self.opt_d = self._optimizer(self.D, cfg.lr_d, cfg.beta1_d)

        self.step_count = 0
        self.epoch = 0  # completed epochs
        self._perm = self._new_perm()
        self._cursor = 0  # position in _perm
        self.history: list[dict] = []  # EpochSummary dicts, one per epoch
        self._finite = torch.ones((), dtype=torch.bool, device=self.device)
        self._keep = torch.ones((), device=self.device)  # top-k: the share of fakes G learns from
        self._set_keep()
        self._new_tally()
        self._good = self._capture()
        if self.device.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls: ~8× fp32 on Ampere+
            torch.backends.cudnn.allow_tf32 = True

    # --- construction helpers ----------------------------------------------------------------
    def _optimizer(self, net: torch.nn.Module, lr: float, beta1: float) -> torch.optim.Optimizer:
        if self.cfg.optimizer == "rmsprop":
            return torch.optim.RMSprop(net.parameters(), lr=lr, capturable=self._use_graph)
        # the fused kernel updates every parameter in one pass (GPU and CPU alike)
        fused = self.device.type in ("cuda", "cpu")
        return torch.optim.Adam(
            net.parameters(), lr=lr, betas=(beta1, self.cfg.beta2), fused=fused or None, capturable=self._use_graph
        )

    def _steps_per_epoch(self, cfg: TrainConfig) -> int:
        steps = len(self.data) // cfg.images_per_step
        if steps < 1:
            raise ValueError(
                f"the dataset has {len(self.data)} images, fewer than one step needs "
                f"({cfg.images_per_step}); lower batch_size or d_steps"
            )
        return steps

    def _new_perm(self) -> torch.Tensor:
        return torch.randperm(len(self.data), device=self.device, generator=self.rng)

    def _autocast(self):
        if self.cfg.precision == "bf16":  # a graph must not capture autocast's cast cache
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, cache_enabled=not self._use_graph)
        return contextlib.nullcontext()

    # --- the step -------------------------------------------------------------------------
    def sample_z(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.cfg.latent_dim, device=self.device, generator=self.rng)

    def _judge(self, images: torch.Tensor) -> torch.Tensor:
        """D's logits, after DiffAugment when it is on (applied to real and fake alike); one logit
        per pack of `cfg.pack` images (PacGAN), stacked along the channels."""
        if self.cfg.diff_augment:
            images = diff_augment(images, self.rng, self.cfg.augment_p)
        return self.D(pack_pictures(images, self.cfg.pack)).float()

    def _discriminator_loss(self, real: torch.Tensor, fake: torch.Tensor):
        logits_real, logits_fake = self._judge(real), self._judge(fake)
        loss = F.binary_cross_entropy_with_logits(logits_real, torch.full_like(logits_real, self.cfg.real_label))
        loss = loss + F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake))
        return loss, torch.sigmoid(logits_real).mean(), torch.sigmoid(logits_fake).mean()

    def generator_loss(self, logits_fake: torch.Tensor) -> torch.Tensor:
        if self.cfg.g_loss == "non_saturating":  # −log D(G(z)): strong gradients while D wins
            loss = F.binary_cross_entropy_with_logits(logits_fake, torch.ones_like(logits_fake), reduction="none")
        else:  # log(1 − D(G(z))), the minimax form of the paper: its gradient vanishes while D wins
            loss = -F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake), reduction="none")
        if self.cfg.top_k >= 1:
            return loss.mean()
        # Top-k: only the fakes D rates most real teach G; the worst ones' gradients point G
        # away from the data as often as towards it. Ranks, not topk(k): k lives on the device.
        rank = logits_fake.detach().flatten().argsort(descending=True).argsort().view_as(loss)
        keep = (rank < (self._keep * loss.numel()).ceil()).float()
        return (loss * keep).sum() / keep.sum()

    def _set_keep(self) -> None:
        self._keep.fill_(max(self.cfg.top_k, 0.99**self.epoch))

    def _update(self, opt: torch.optim.Optimizer, net: torch.nn.Module, loss: torch.Tensor) -> None:
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if self.cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), self.cfg.grad_clip)
        opt.step()

    def step(self, phases: str = "dg") -> StepMetrics:
        """One G update and its `d_steps` D updates. Raises TrainingDiverged on NaN/Inf.
        `phases` "d" or "g" updates only that net (GAN Lab's "step D only / G only"): the other
        net's loss is still computed and reported, its weights stay as they are."""
        if phases not in ("dg", "d", "g"):
            raise ValueError('phases must be "dg", "d" or "g"')
        start = time.perf_counter()
        cfg = self.cfg
        need = cfg.images_per_step
        if self._cursor + need > len(self._perm):
            self._perm, self._cursor = self._new_perm(), 0
        idx = self._perm[self._cursor : self._cursor + need].view(cfg.d_steps, cfg.d_batch)
        self._cursor += need
        if self.cfg.arch == "vae":
            values, d_updated = self._vae_body(idx[0]), True
        elif self._use_graph and phases == "dg":
            values, d_updated = self._graphed(idx), True
        else:
            *values, d_updated = self._step_body(idx, train_d="d" in phases, train_g="g" in phases)
        if self.G_ema is not self.G:
            self._update_ema()
        self.step_count += 1
        if self.step_count % self.GUARD_EVERY == 0:
            self.check_finite()
        return StepMetrics(dict(zip(self.metrics, values)), d_updated, time.perf_counter() - start)

    def _vae_body(self, idx: torch.Tensor):
        """A VAE's step: encoder (D) and decoder (G) together lower reconstruction + kl_weight · KL."""
        with self._autocast():
            recon, kl = vae_losses(self.D, self.G, self.data.images[idx], self.rng)
            loss = recon + self.cfg.kl_weight * kl
        for opt in (self.opt_d, self.opt_g):
            opt.zero_grad(set_to_none=True)
        loss.backward()  # one backward fills both nets' gradients
        for opt, net in ((self.opt_d, self.D), (self.opt_g, self.G)):
            if self.cfg.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), self.cfg.grad_clip)
            opt.step()
        self._finite &= torch.isfinite(loss)
        return recon.detach().float(), kl.detach().float()

    def _step_body(self, idx: torch.Tensor, train_d: bool = True, train_g: bool = True):
        """The device work of a step, reading real images at `idx` [d_steps, d_batch]."""
        cfg = self.cfg
        d_updated = train_d
        # When D's last fake batch is as large as G's, G's phase reuses it (as pytorch/examples'
        # dcgan does): one generator forward per step instead of two.
        reuse = cfg.d_batch == cfg.batch_size
        with self._autocast():
            for k in range(cfg.d_steps):  # phase 1: the discriminator
                real = self.data.images[idx[k]]
                keep_graph = reuse and k == cfg.d_steps - 1
                with torch.set_grad_enabled(keep_graph):
                    fake = self.G(self.sample_z(cfg.d_batch))
                d_loss, d_real, d_fake = self._discriminator_loss(real, fake.detach())
                if not train_d or cfg.d_skip_below > 0 and d_loss.item() < cfg.d_skip_below:  # the only sync, opt-in
                    d_updated = False
                    continue
                self._update(self.opt_d, self.D, d_loss)
            if not reuse:
                fake = self.G(self.sample_z(cfg.batch_size))
            self.D.requires_grad_(False)  # phase 2: the generator, through a frozen D
            g_loss = self.generator_loss(self._judge(fake))
            if train_g:
                self._update(self.opt_g, self.G, g_loss)
            self.D.requires_grad_(True)
        self._finite &= torch.isfinite(d_loss) & torch.isfinite(g_loss)
        return d_loss.detach(), g_loss.detach(), d_real.detach(), d_fake.detach(), d_updated

    def _graphed(self, idx: torch.Tensor):
        """The step body as one CUDA graph: a small GAN's step is hundreds of tiny kernels whose
        launch cost dwarfs their work, and a graph replays them all with one launch. Captured on
        first use as torch.cuda.graphs prescribes (warm-up on a side stream, then capture); the
        two warm-up steps train on the first batch and are not counted as steps."""
        if self._graph is None:
            self._static_idx = idx.clone()
            side = torch.cuda.Stream(self.device)
            side.wait_stream(torch.cuda.current_stream(self.device))
            with torch.cuda.stream(side):
                for _ in range(2):  # allocates grads and optimiser state outside the graph
                    self._step_body(self._static_idx)
            torch.cuda.current_stream(self.device).wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            graph.register_generator_state(self.rng)  # z and dropout masks advance on each replay
            with torch.cuda.graph(graph):
                out = self._step_body(self._static_idx)
            self._static_out = torch.stack(out[:4])
            self._graph = graph
        self._static_idx.copy_(idx)
        self._graph.replay()
        return self._static_out.clone().unbind(0)  # a copy: the next replay overwrites the outputs

    @torch.no_grad()
    def _update_ema(self) -> None:
        # Warm-up: average over at most the steps taken so far, so early samples aren't the
        # random initial weights (the decay reaches cfg.ema after ~1/(1-ema) steps).
        decay = min(self.cfg.ema, (1 + self.step_count) / (10 + self.step_count))
        torch._foreach_lerp_(list(self.G_ema.parameters()), list(self.G.parameters()), 1 - decay)
        for b_ema, b in zip(self.G_ema.buffers(), self.G.buffers()):  # BatchNorm running stats
            b_ema.copy_(b)

    def check_finite(self) -> None:
        """Sync once: on a NaN/Inf since the last check, restore the last good state and raise."""
        if bool(self._finite):
            self._good = self._capture()
            return
        bad_step = self.step_count
        self.load_state_dict(self._good)
        raise TrainingDiverged(say("training_diverged", good=self.step_count, bad=bad_step))

    def retune(self, *, lr_d: float | None = None, lr_g: float | None = None, d_steps: int | None = None) -> None:
        """Change learning rates or D steps per G step between two steps, without a reset (the
        optimisers keep their moments). An epoch is then len(data) / (d_batch · d_steps) steps."""
        changes = {k: v for k, v in (("lr_d", lr_d), ("lr_g", lr_g), ("d_steps", d_steps)) if v is not None}
        cfg = self.cfg.replace(**changes)  # checks the values
        steps_per_epoch = self._steps_per_epoch(cfg)
        for opt, lr in ((self.opt_d, cfg.lr_d), (self.opt_g, cfg.lr_g)):
            for group in opt.param_groups:
                group["lr"] = lr
        self.cfg, self.steps_per_epoch = cfg, steps_per_epoch
        self._graph = None  # a captured graph holds the old shapes

    def reset_net(self, net: str) -> None:
        """Start D ("d") or G ("g") again from fresh random weights and a fresh optimiser, in the
        middle of a game (GAN Lab's question: what does the other net do then?). The weights come
        from a generator seeded by the seed and the step, so a run stays reproducible."""
        if net not in ("d", "g"):
            raise ValueError('net must be "d" or "g"')
        G, D = build_models(self.cfg, torch.Generator().manual_seed(self.cfg.seed + 7919 * (1 + self.step_count)))
        if self.cfg.standardize:
            standardize_to(G, D, self.data.images)
        fresh, own = (D, self.D) if net == "d" else (G, self.G)
        own.load_state_dict(fresh.state_dict())
        if net == "d":
            self.opt_d = self._optimizer(self.D, self.cfg.lr_d, self.cfg.beta1_d)
        else:
            self.opt_g = self._optimizer(self.G, self.cfg.lr_g, self.cfg.beta1_g)
            if self.G_ema is not self.G:
                self.G_ema.load_state_dict(fresh.state_dict())
        self._graph = None

    def replace_data(self, data: ImageData) -> None:
        """Train on other examples of the same shape from the next step on (a new target for the
        harmonic game: the nets keep what they learnt and must move). The standardizing maps, set
        from the first data, stay as they are."""
        if tuple(data.images.shape[1:]) != tuple(self.data.images.shape[1:]):
            raise ValueError("the new data must have the shape of the old")
        self.data = data.to(self.device)
        self.steps_per_epoch = self._steps_per_epoch(self.cfg)
        self._perm, self._cursor = self._new_perm(), 0
        self._graph = None

    def networks(self) -> dict:
        """The nets' state dicts: "G", what sample() draws from (the averaged G when ema is on),
        "G_train" (only when that differs) and "D". `start_from` takes them back."""
        return {
            "G": self.G_ema.state_dict(),
            **({"G_train": self.G.state_dict()} if self.G_ema is not self.G else {}),
            "D": self.D.state_dict(),
        }

    def start_from(self, networks: dict, epoch: int) -> None:
        """Go on from a kept epoch of a recorded run (explorer/gan/recording.py): its G and D, with
        fresh optimisers (a recording keeps the weights only), counted from `epoch` epochs on."""
        try:
            self.G.load_state_dict(networks.get("G_train", networks["G"]))
            self.G_ema.load_state_dict(networks["G"])
            self.D.load_state_dict(networks["D"])
        except (KeyError, RuntimeError) as error:
            raise ValueError(f"these weights are not for this model ({_describe(self.cfg)})") from error
        self.epoch, self.step_count, self._cursor = epoch, epoch * self.steps_per_epoch, 0
        self.history = []
        self._set_keep()
        self._new_tally()
        self._good = self._capture()
        self._graph = None

    # --- epochs -------------------------------------------------------------------------
    def train_epoch(
        self, on_step: Callable[[StepMetrics], bool | None] | None = None, phases: str = "dg"
    ) -> EpochSummary:
        """Run to the end of the current epoch. `on_step` may return True to stop early; the next
        call goes on with the same epoch, and a summary counts the whole epoch so far (a driver
        that stops every few steps to obey its page reports the same means as one that does not)."""
        start = time.perf_counter()
        remaining = self.steps_per_epoch - (self.step_count % self.steps_per_epoch)
        steps = 0
        for _ in range(remaining):
            m = self.step(phases)
            steps += 1
            self._tally += torch.stack(list(m.values.values()))
            if on_step is not None and on_step(m):
                break
        complete = steps == remaining  # a stop on the last step still completes the epoch
        self.check_finite()
        self._tally_steps += steps
        self._tally_seconds += time.perf_counter() - start
        summary = EpochSummary(
            self.epoch + 1,
            self._tally_steps,
            dict(zip(self.metrics, (self._tally / max(self._tally_steps, 1)).tolist())),
            self._tally_seconds,
            self._tally_steps * self.cfg.images_per_step,
            complete,
        )
        if complete:
            self.epoch += 1
            self._set_keep()
            self.history.append(summary.to_dict())
            self._new_tally()
        return summary

    def _new_tally(self) -> None:
        """The sums of the metrics, the steps and the seconds of the epoch under way."""
        self._tally = torch.zeros(len(self.metrics), device=self.device)
        self._tally_steps, self._tally_seconds = 0, 0.0

    # --- sampling -------------------------------------------------------------------------
    @torch.no_grad()
    def sample(self, z: torch.Tensor | None = None) -> torch.Tensor:
        """G(z) in eval mode (BatchNorm running stats), [N, C, H, W] in [-1, 1]; default: fixed z."""
        z = self.fixed_z if z is None else z.to(self.device)
        G = self.G_ema
        was_training = G.training
        G.eval()
        try:
            return G(z).float()
        finally:
            G.train(was_training)

    # --- state ------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Everything to resume exactly: weights, optimisers, fixed z, position, rng, history."""
        return {
            "config": self.cfg.to_dict(),
            "step": self.step_count,
            "epoch": self.epoch,
            "cursor": self._cursor,
            "perm": self._perm,
            "rng": self.rng.get_state(),
            "fixed_z": self.fixed_z,
            **self.networks(),
            "opt_g": self.opt_g.state_dict(),
            "opt_d": self.opt_d.state_dict(),
            "history": list(self.history),
        }

    def load_state_dict(self, state: dict) -> None:
        saved = TrainConfig.from_dict(state["config"])
        if _model_fields(saved) != _model_fields(self.cfg):
            raise ValueError(
                f"this state is for a different model ({_describe(saved)}) than the trainer's ({_describe(self.cfg)})"
            )
        self.G.load_state_dict(state.get("G_train", state["G"]))
        self.G_ema.load_state_dict(state["G"])
        self.D.load_state_dict(state["D"])
        # Optimizer.load_state_dict keeps same-device tensors as they are: clone, or the optimiser
        # would update the caller's state (e.g. the last-good snapshot) in place.
        self.opt_g.load_state_dict(_clone(state["opt_g"]))
        self.opt_d.load_state_dict(_clone(state["opt_d"]))
        self.fixed_z = state["fixed_z"].to(self.device)
        self.step_count, self.epoch = int(state["step"]), int(state["epoch"])
        self._perm, self._cursor = state["perm"].to(self.device), int(state["cursor"])
        self.rng.set_state(state["rng"])
        self.history = list(state["history"])
        self._set_keep()
        self._new_tally()
        self._finite.fill_(True)
        self._graph = None  # the optimisers' state tensors are new: capture again

    def _capture(self) -> dict:
        return _clone(self.state_dict())


MODEL_FIELDS = (
    "arch",
    "image_channels",
    "image_size",
    "latent_dim",
    "g_hidden",
    "d_hidden",
    "activation",
    "width",
    "d_width",
)


def _model_fields(cfg: TrainConfig) -> tuple:
    return tuple(getattr(cfg, f) for f in MODEL_FIELDS)


def _describe(cfg: TrainConfig) -> str:
    return f"{cfg.arch}, latent {cfg.latent_dim}, {cfg.image_channels}×{cfg.image_size}×{cfg.image_size}"


def _clone(tree):
    return map_tensors(lambda t: t.detach().clone(), tree)


def train_for(
    trainer: Trainer,
    *,
    epochs: int | None = None,
    seconds: float | None = None,
    on_epoch: Callable[[EpochSummary], None] = lambda summary: None,
) -> float:
    """Drive `trainer` for `epochs` more epochs and/or `seconds` of wall time, whichever ends first
    (an epoch cut by the time budget still counts its steps). Returns the seconds spent."""
    if epochs is None and seconds is None:
        epochs = trainer.cfg.epochs
    start = time.perf_counter()
    done = 0
    while epochs is None or done < epochs:
        out_of_time = (lambda m: time.perf_counter() - start >= seconds) if seconds is not None else None
        summary = trainer.train_epoch(out_of_time)
        on_epoch(summary)
        done += 1
        if not summary.complete:
            break
    return time.perf_counter() - start
