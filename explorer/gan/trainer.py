"""The one training loop for every generative model in the app (MLP, BatchNorm MLP, DCGAN, VAE).

The loop owns G, the batches, the epochs, the NaN guards, the averaged G and the state; what a
step lowers is its config's objective (objectives.py): a GAN's `Adversarial` (G against a
discriminator `D`) or the VAE's `Variational` (G as the decoder, beside an `encoder`).

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

from explorer.data.datasets import ImageData
from explorer.formats.checkpoint import map_tensors
from explorer.gan.config import TrainConfig
from explorer.gan.metrics import EpochSummary, StepMetrics
from explorer.gan.models import build_models, standardize_to
from explorer.gan.objectives import Adversarial, Variational, objective_for
from explorer.words import say


class TrainingDiverged(RuntimeError):
    """A loss became NaN/Inf; the trainer has already gone back to its last good state."""


class Trainer:
    GUARD_EVERY = 20  # steps between NaN checks (each one syncs) and last-good snapshots

    def __init__(
        self, cfg: TrainConfig, data: ImageData, device: torch.device | str | None = None, *, cuda_graph: bool = True
    ) -> None:
        self.cfg = cfg
        self.device = torch.device(device) if device is not None else data.images.device
        # A GAN's step replays as a CUDA graph when it has no host syncs (no skip-D test).
        self.graphed = cuda_graph and self.device.type == "cuda" and not cfg.is_vae and cfg.gan.d_skip_below == 0
        if tuple(data.images.shape[1:]) != cfg.image_shape:
            raise ValueError(
                f"the config expects images of shape {cfg.image_shape} but {data.name} has "
                f"{tuple(data.images.shape[1:])}; set image_channels/image_size to match"
            )
        self.data = data if data.images.device == self.device else data.to(self.device)
        self.steps_per_epoch = self._steps_per_epoch(cfg)

        init_rng = torch.Generator().manual_seed(cfg.seed)  # CPU: same weights on any device
        G, second = build_models(cfg, init_rng)
        if cfg.standardize:  # points: both nets work in the real points' standardized coordinates
            standardize_to(G, second, data.images)
        if cfg.arch == "dcgan":  # oneDNN's and cuDNN's convolutions are faster on NHWC (~10% of a CPU step)
            G, second = G.to(memory_format=torch.channels_last), second.to(memory_format=torch.channels_last)
        self.G = G.to(self.device)
        self.fixed_z = torch.randn(cfg.n_fixed, cfg.latent_dim, generator=init_rng).to(self.device)
        self.rng = torch.Generator(device=self.device).manual_seed(cfg.seed + 1)
        # The averaged generator that sample() draws from (G itself when ema is off).
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False) if cfg.ema > 0 else self.G
        self.opt_g = self.optimizer(self.G, cfg.lr_g, cfg.beta1_g)
        self.objective = objective_for(self, second.to(self.device))
        self.metrics = self.objective.metrics

        self.step_count = 0
        self.epoch = 0  # completed epochs
        self._perm = self._new_perm()
        self._cursor = 0  # position in _perm
        self.history: list[dict] = []  # EpochSummary dicts, one per epoch
        self.finite = torch.ones((), dtype=torch.bool, device=self.device)  # no NaN/Inf since the last check
        self.objective.new_epoch(self.epoch)
        self._new_tally()
        self._good = self._capture()
        if self.device.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls: ~8× fp32 on Ampere+
            torch.backends.cudnn.allow_tf32 = True

    # --- the objective's second net ------------------------------------------------------------
    @property
    def D(self) -> torch.nn.Module:
        """A GAN's discriminator."""
        if not isinstance(self.objective, Adversarial):
            raise AttributeError("the VAE has no discriminator; its second net is `encoder`")
        return self.objective.D

    @property
    def encoder(self) -> torch.nn.Module:
        """The VAE's encoder."""
        if not isinstance(self.objective, Variational):
            raise AttributeError("a GAN has no encoder; its second net is `D`")
        return self.objective.encoder

    # --- what the objectives use ---------------------------------------------------------------
    def optimizer(self, net: torch.nn.Module, lr: float, beta1: float) -> torch.optim.Optimizer:
        if self.cfg.optimizer == "rmsprop":
            return torch.optim.RMSprop(net.parameters(), lr=lr, capturable=self.graphed)
        # the fused kernel updates every parameter in one pass (GPU and CPU alike)
        fused = self.device.type in ("cuda", "cpu")
        return torch.optim.Adam(
            net.parameters(), lr=lr, betas=(beta1, self.cfg.beta2), fused=fused or None, capturable=self.graphed
        )

    def autocast(self):
        if self.cfg.precision == "bf16":  # a graph must not capture autocast's cast cache
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, cache_enabled=not self.graphed)
        return contextlib.nullcontext()

    def sample_z(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.cfg.latent_dim, device=self.device, generator=self.rng)

    def update(self, opt: torch.optim.Optimizer, net: torch.nn.Module, loss: torch.Tensor) -> None:
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if self.cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), self.cfg.grad_clip)
        opt.step()

    def generator_loss(self, logits_fake: torch.Tensor) -> torch.Tensor:
        """A GAN's G loss for D's logits on fakes (the harmonic game's arrows follow it)."""
        return self.objective.generator_loss(logits_fake)

    # --- construction helpers ----------------------------------------------------------------
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

    # --- the step -------------------------------------------------------------------------
    def step(self, phases: str = "dg") -> StepMetrics:
        """One step of the objective (a GAN: one G update and its `d_steps` D updates). Raises
        TrainingDiverged on NaN/Inf. `phases` "d" or "g" updates only that net of a GAN (GAN Lab's
        "step D only / G only"): the other net's loss is still computed and reported."""
        if phases not in ("dg", "d", "g"):
            raise ValueError('phases must be "dg", "d" or "g"')
        start = time.perf_counter()
        need = self.cfg.images_per_step
        if self._cursor + need > len(self._perm):
            self._perm, self._cursor = self._new_perm(), 0
        idx = self._perm[self._cursor : self._cursor + need].view(*self.objective.rows(self.cfg.batch_size))
        self._cursor += need
        values, d_updated = self.objective.step(idx, phases)
        if self.G_ema is not self.G and "g" in phases:  # a D-only step leaves the drawn G where it was
            self._update_ema()
        self.step_count += 1
        if self.step_count % self.GUARD_EVERY == 0:
            self.check_finite()
        return StepMetrics(dict(zip(self.metrics, values)), d_updated, time.perf_counter() - start)

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
        if bool(self.finite):
            self._good = self._capture()
            return
        bad_step = self.step_count
        self.load_state_dict(self._good)
        raise TrainingDiverged(say("training_diverged", good=self.step_count, bad=bad_step))

    # --- changes in the middle of a game (the harmonic GAN) ------------------------------------
    RETUNABLE = ("lr_g", "lr_d", "lr_encoder", "d_steps")

    def retune(self, **changes) -> None:
        """Change learning rates (`lr_g`, and `lr_d` or `lr_encoder`) or a GAN's D steps per G step
        between two steps, without a reset (the optimisers keep their moments). An epoch is then
        len(data) / (d_batch · d_steps) steps. A None leaves that setting as it is."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if not set(changes) <= set(self.RETUNABLE):
            raise ValueError(f"only {', '.join(self.RETUNABLE)} change in the middle of a run")
        cfg = self.cfg.replace(**changes)  # checks the values
        steps_per_epoch = self._steps_per_epoch(cfg)
        for group in self.opt_g.param_groups:
            group["lr"] = cfg.lr_g
        self.objective.retune(cfg.objective)
        self.cfg, self.steps_per_epoch = cfg, steps_per_epoch

    def reset_net(self, net: str) -> None:
        """Start a GAN's D ("d") or G ("g") again from fresh random weights and a fresh optimiser, in
        the middle of a game (GAN Lab's question: what does the other net do then?). The weights
        come from a generator seeded by the seed and the step, so a run stays reproducible."""
        if net not in ("d", "g"):
            raise ValueError('net must be "d" or "g"')
        G, D = build_models(self.cfg, torch.Generator().manual_seed(self.cfg.seed + 7919 * (1 + self.step_count)))
        if self.cfg.standardize:
            standardize_to(G, D, self.data.images)
        if net == "d":
            self.objective.restart(D)
            return
        self.G.load_state_dict(G.state_dict())
        self.opt_g = self.optimizer(self.G, self.cfg.lr_g, self.cfg.beta1_g)
        if self.G_ema is not self.G:
            self.G_ema.load_state_dict(G.state_dict())
        self.objective.forget()

    def replace_data(self, data: ImageData) -> None:
        """Train on other examples of the same shape from the next step on (a new target for the
        harmonic game: the nets keep what they learnt and must move). The standardizing maps, set
        from the first data, stay as they are."""
        if tuple(data.images.shape[1:]) != tuple(self.data.images.shape[1:]):
            raise ValueError("the new data must have the shape of the old")
        self.data = data.to(self.device)
        self.steps_per_epoch = self._steps_per_epoch(self.cfg)
        self._perm, self._cursor = self._new_perm(), 0
        self.objective.forget()

    # --- weights -----------------------------------------------------------------------------
    def networks(self) -> dict:
        """The nets' state dicts: "G", what sample() draws from (the averaged G when ema is on),
        "G_train" (only when that differs) and the second net's ("D", or the VAE's "encoder").
        `start_from` takes them back."""
        return {
            "G": self.G_ema.state_dict(),
            **({"G_train": self.G.state_dict()} if self.G_ema is not self.G else {}),
            self.objective.name: self.objective.net.state_dict(),
        }

    def _second(self, state: dict) -> dict:
        """The second net's weights in `state`; files written before the objectives were named
        kept a VAE's encoder as "D"."""
        return state[self.objective.name] if self.objective.name in state else state["D"]

    def start_from(self, networks: dict, epoch: int) -> None:
        """Go on from a kept epoch of a recorded run (explorer/gan/recording.py): its nets, with
        fresh optimisers (a recording keeps the weights only), counted from `epoch` epochs on."""
        try:
            self.G.load_state_dict(networks.get("G_train", networks["G"]))
            self.G_ema.load_state_dict(networks["G"])
            self.objective.net.load_state_dict(self._second(networks))
        except (KeyError, RuntimeError) as error:
            raise ValueError(f"these weights are not for this model ({_describe(self.cfg)})") from error
        self.epoch, self.step_count, self._cursor = epoch, epoch * self.steps_per_epoch, 0
        self.history = []
        self.objective.new_epoch(self.epoch)
        self.objective.forget()
        self._new_tally()
        self._good = self._capture()

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
            self.objective.new_epoch(self.epoch)
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
            self.objective.opt_name: self.objective.opt.state_dict(),
            "history": list(self.history),
        }

    def load_state_dict(self, state: dict) -> None:
        saved = TrainConfig.from_dict(state["config"])
        if _model(saved) != _model(self.cfg):
            raise ValueError(
                f"this state is for a different model ({_describe(saved)}) than the trainer's ({_describe(self.cfg)})"
            )
        self.G.load_state_dict(state.get("G_train", state["G"]))
        self.G_ema.load_state_dict(state["G"])
        self.objective.net.load_state_dict(self._second(state))
        # Optimizer.load_state_dict keeps same-device tensors as they are: clone, or the optimiser
        # would update the caller's state (e.g. the last-good snapshot) in place.
        opt_name = self.objective.opt_name if self.objective.opt_name in state else "opt_d"  # (older files)
        self.opt_g.load_state_dict(_clone(state["opt_g"]))
        self.objective.opt.load_state_dict(_clone(state[opt_name]))
        self.fixed_z = state["fixed_z"].to(self.device)
        self.step_count, self.epoch = int(state["step"]), int(state["epoch"])
        self._perm, self._cursor = state["perm"].to(self.device), int(state["cursor"])
        self.rng.set_state(state["rng"])
        self.history = list(state["history"])
        self.objective.new_epoch(self.epoch)
        self.objective.forget()  # the optimisers' state tensors are new: capture again
        self._new_tally()
        self.finite.fill_(True)

    def _capture(self) -> dict:
        return _clone(self.state_dict())


MODEL_FIELDS = ("arch", "image_channels", "image_size", "latent_dim", "g_hidden", "activation", "width")


def _model(cfg: TrainConfig) -> tuple:
    """What the nets' shapes depend on: the config's model fields and the second net's."""
    second = (cfg.vae.encoder_hidden,) if cfg.is_vae else (cfg.gan.d_hidden, cfg.gan.d_width)
    return tuple(getattr(cfg, f) for f in MODEL_FIELDS) + second


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
