"""What a training step lowers: the two objectives behind the one training loop (trainer.py).

Each owns the net it trains beside G, that net's optimiser, and the step's device work; the loop
owns G, the data order, the epochs, the guards and the state.

`Adversarial`, a GAN (Goodfellow et al. 2014, arXiv:1406.2661), the classic two-phase update:
  1. D: minimise  −log D(x) − log(1 − D(G(z)))   (with real target `real_label`, e.g. 0.9)
     `d_steps` times, each on a fresh real batch, skipped while D's loss is below `d_skip_below`;
  2. G, through a frozen D: minimise −log D(G(z))  (non-saturating), or log(1 − D(G(z))).
D returns logits and every loss is BCE-with-logits, so label smoothing is only a target value.

`Variational`, the VAE (the notes' contrast): its encoder and G (the decoder) lower
reconstruction + kl_weight · KL together, on one batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from explorer.gan.augment import diff_augment
from explorer.gan.config import GanSettings, VaeSettings
from explorer.gan.metrics import GAN_METRICS, VAE_METRICS
from explorer.gan.models import Dropout, pack_pictures
from explorer.gan.models.vae import vae_losses

if TYPE_CHECKING:
    from explorer.gan.trainer import Trainer


class Adversarial:
    """G against a discriminator `D`."""

    metrics = GAN_METRICS
    name, opt_name = "D", "opt_d"  # the second net's and its optimiser's names in state dicts

    def __init__(self, loop: Trainer, D: torch.nn.Module, settings: GanSettings) -> None:
        self.loop, self.net, self.s = loop, D, settings
        for m in D.modules():  # dropout masks from the run's seeded generator
            if isinstance(m, Dropout):
                m.rng = loop.rng
        self.opt = loop.optimizer(D, settings.lr_d, settings.beta1_d)
        self._keep = torch.ones((), device=loop.device)  # top-k: the share of fakes G learns from
        self._graph: torch.cuda.CUDAGraph | None = None

    @property
    def D(self) -> torch.nn.Module:
        return self.net

    def rows(self, batch_size: int) -> tuple[int, int]:
        """How a step's real images are laid out: [d_steps, d_batch]."""
        return self.s.d_steps, self.s.d_batch(batch_size)

    def new_epoch(self, epoch: int) -> None:
        """Top-k's share for this epoch, in place: a captured graph reads the same tensor."""
        self._keep.fill_(max(self.s.top_k, 0.99**epoch))

    def forget(self) -> None:
        """Drop a captured CUDA graph: it holds old shapes or old optimiser state."""
        self._graph = None

    def retune(self, settings: GanSettings) -> None:
        self.s = settings
        for group in self.opt.param_groups:
            group["lr"] = settings.lr_d
        self.forget()

    def restart(self, D: torch.nn.Module) -> None:
        """Fresh weights (GAN Lab's "reset D") and a fresh optimiser."""
        self.net.load_state_dict(D.state_dict())
        self.opt = self.loop.optimizer(self.net, self.s.lr_d, self.s.beta1_d)
        self.forget()

    # --- the step ------------------------------------------------------------------------------
    def step(self, idx: torch.Tensor, phases: str) -> tuple[list[torch.Tensor], bool]:
        """(d_loss, g_loss, d_real, d_fake) and whether D was updated, for real images at `idx`."""
        if self.loop.graphed and phases == "dg":
            return self._graphed(idx), True
        *values, d_updated = self._body(idx, train_d="d" in phases, train_g="g" in phases)
        return values, d_updated

    def judge(self, images: torch.Tensor) -> torch.Tensor:
        """D's logits, after DiffAugment when it is on (applied to real and fake alike); one logit
        per pack of `pack` images (PacGAN), stacked along the channels."""
        if self.s.diff_augment:
            images = diff_augment(images, self.loop.rng, self.s.augment_p)
        return self.D(pack_pictures(images, self.s.pack)).float()

    def _discriminator_loss(self, real: torch.Tensor, fake: torch.Tensor):
        logits_real, logits_fake = self.judge(real), self.judge(fake)
        loss = F.binary_cross_entropy_with_logits(logits_real, torch.full_like(logits_real, self.s.real_label))
        loss = loss + F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake))
        return loss, torch.sigmoid(logits_real).mean(), torch.sigmoid(logits_fake).mean()

    def generator_loss(self, logits_fake: torch.Tensor) -> torch.Tensor:
        if self.s.g_loss == "non_saturating":  # −log D(G(z)): strong gradients while D wins
            loss = F.binary_cross_entropy_with_logits(logits_fake, torch.ones_like(logits_fake), reduction="none")
        else:  # log(1 − D(G(z))), the minimax form of the paper: its gradient vanishes while D wins
            loss = -F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake), reduction="none")
        if self.s.top_k >= 1:
            return loss.mean()
        # Top-k: only the fakes D rates most real teach G; the worst ones' gradients point G
        # away from the data as often as towards it. Ranks, not topk(k): k lives on the device.
        rank = logits_fake.detach().flatten().argsort(descending=True).argsort().view_as(loss)
        keep = (rank < (self._keep * loss.numel()).ceil()).float()
        return (loss * keep).sum() / keep.sum()

    def _body(self, idx: torch.Tensor, train_d: bool = True, train_g: bool = True):
        """The device work of a step, reading real images at `idx` [d_steps, d_batch]."""
        loop, s = self.loop, self.s
        d_steps, d_batch = idx.shape
        d_updated = train_d
        # When D's last fake batch is as large as G's, G's phase reuses it (as pytorch/examples'
        # dcgan does): one generator forward per step instead of two.
        reuse = d_batch == loop.cfg.batch_size
        with loop.autocast():
            for k in range(d_steps):  # phase 1: the discriminator
                real = loop.data.images[idx[k]]
                with torch.set_grad_enabled(reuse and k == d_steps - 1):
                    fake = loop.G(loop.sample_z(d_batch))
                d_loss, d_real, d_fake = self._discriminator_loss(real, fake.detach())
                if not train_d or s.d_skip_below > 0 and d_loss.item() < s.d_skip_below:  # the only sync, opt-in
                    d_updated = False
                    continue
                loop.update(self.opt, self.D, d_loss)
            if not reuse:
                fake = loop.G(loop.sample_z(loop.cfg.batch_size))
            self.D.requires_grad_(False)  # phase 2: the generator, through a frozen D
            g_loss = self.generator_loss(self.judge(fake))
            if train_g:
                loop.update(loop.opt_g, loop.G, g_loss)
            self.D.requires_grad_(True)
        loop.finite &= torch.isfinite(d_loss) & torch.isfinite(g_loss)
        return d_loss.detach(), g_loss.detach(), d_real.detach(), d_fake.detach(), d_updated

    def _graphed(self, idx: torch.Tensor):
        """The step body as one CUDA graph: a small GAN's step is hundreds of tiny kernels whose
        launch cost dwarfs their work, and a graph replays them all with one launch. Captured on
        first use as torch.cuda.graphs prescribes (warm-up on a side stream, then capture); the
        two warm-up steps train on the first batch and are not counted as steps."""
        device = self.loop.device
        if self._graph is None:
            self._static_idx = idx.clone()
            side = torch.cuda.Stream(device)
            side.wait_stream(torch.cuda.current_stream(device))
            with torch.cuda.stream(side):
                for _ in range(2):  # allocates grads and optimiser state outside the graph
                    self._body(self._static_idx)
            torch.cuda.current_stream(device).wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            graph.register_generator_state(self.loop.rng)  # z and dropout masks advance on each replay
            with torch.cuda.graph(graph):
                out = self._body(self._static_idx)
            self._static_out = torch.stack(out[:4])
            self._graph = graph
        self._static_idx.copy_(idx)
        self._graph.replay()
        return list(self._static_out.clone().unbind(0))  # a copy: the next replay overwrites the outputs


class Variational:
    """G as the decoder of a VAE, beside its `encoder`."""

    metrics = VAE_METRICS
    name, opt_name = "encoder", "opt_encoder"

    def __init__(self, loop: Trainer, encoder: torch.nn.Module, settings: VaeSettings) -> None:
        self.loop, self.net, self.s = loop, encoder, settings
        self.opt = loop.optimizer(encoder, settings.lr_encoder, settings.beta1_encoder)

    @property
    def encoder(self) -> torch.nn.Module:
        return self.net

    def rows(self, batch_size: int) -> tuple[int, int]:
        return 1, batch_size

    def new_epoch(self, epoch: int) -> None:
        """Nothing changes from epoch to epoch."""

    def retune(self, settings: VaeSettings) -> None:
        self.s = settings
        for group in self.opt.param_groups:
            group["lr"] = settings.lr_encoder

    def forget(self) -> None:
        """No graph to drop."""

    def step(self, idx: torch.Tensor, phases: str) -> tuple[list[torch.Tensor], bool]:
        """(recon, kl) on the real images at `idx` [1, batch]: one backward fills both nets' gradients."""
        loop = self.loop
        with loop.autocast():
            recon, kl = vae_losses(self.encoder, loop.G, loop.data.images[idx[0]], loop.rng)
            loss = recon + self.s.kl_weight * kl
        for opt in (self.opt, loop.opt_g):
            opt.zero_grad(set_to_none=True)
        loss.backward()
        for opt, net in ((self.opt, self.encoder), (loop.opt_g, loop.G)):
            if loop.cfg.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), loop.cfg.grad_clip)
            opt.step()
        loop.finite &= torch.isfinite(loss)
        return [recon.detach().float(), kl.detach().float()], True


def objective_for(loop: Trainer, second: torch.nn.Module) -> Adversarial | Variational:
    """The objective of `loop`'s config, training `second` (D or the encoder) beside G."""
    settings = loop.cfg.objective
    return (
        Variational(loop, second, settings)
        if isinstance(settings, VaeSettings)
        else Adversarial(loop, second, settings)
    )
