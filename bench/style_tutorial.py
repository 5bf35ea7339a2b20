"""The baseline: Gatys style transfer as the PyTorch tutorial writes it (pytorch/tutorials,
advanced_source/neural_style_tutorial.py), re-typed here for the benchmark.

Loss modules are inserted into a copy of VGG's `features` after the chosen layers, each
remembering its loss; a Gram matrix is features.view(b·c, h·w) @ its transpose / (b·c·h·w);
L-BFGS with its defaults (max_iter 20 per `step`) runs `num_steps` closures, clamping the picture
at the start of each. Only the network is swapped: the same LossNet as ours (weights and input
normalisation), so that both sides compute the same losses on the same network.
"""

from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import nn


def gram_matrix(input):
    a, b, c, d = input.size()
    features = input.view(a * b, c * d)
    G = torch.mm(features, features.t())
    return G.div(a * b * c * d)


class ContentLoss(nn.Module):
    def __init__(self, target):
        super().__init__()
        self.target = target.detach()

    def forward(self, input):
        self.loss = F.mse_loss(input, self.target)
        return input


class StyleLoss(nn.Module):
    def __init__(self, target_feature):
        super().__init__()
        self.target = gram_matrix(target_feature).detach()

    def forward(self, input):
        G = gram_matrix(input)
        self.loss = F.mse_loss(G, self.target)
        return input


class Normalization(nn.Module):
    def __init__(self, mean, scale):
        super().__init__()
        self.mean, self.scale = mean.clone().detach(), scale.clone().detach()

    def forward(self, img):
        return (img - self.mean) * self.scale


def get_style_model_and_losses(net, style_img, content_img, content_layers, style_layers):
    """`net`: our LossNet; layers in the tutorial's names (conv_1, relu_1, pool_1, … counted over the net)."""
    cnn = copy.deepcopy(net.features)
    normalization = Normalization(net.mean, net.scale)
    content_losses, style_losses = [], []
    model = nn.Sequential(normalization)
    i = 0
    for layer in cnn.children():
        if isinstance(layer, nn.Conv2d):
            i += 1
            name = f"conv_{i}"
        elif isinstance(layer, nn.ReLU):
            name = f"relu_{i}"
            layer = nn.ReLU(inplace=False)
        elif isinstance(layer, nn.MaxPool2d):
            name = f"pool_{i}"
        else:
            raise RuntimeError(f"Unrecognized layer: {layer.__class__.__name__}")
        model.add_module(name, layer)
        if name in content_layers:
            target = model(content_img).detach()
            content_loss = ContentLoss(target)
            model.add_module(f"content_loss_{i}", content_loss)
            content_losses.append(content_loss)
        if name in style_layers:
            target_feature = model(style_img).detach()
            style_loss = StyleLoss(target_feature)
            model.add_module(f"style_loss_{i}", style_loss)
            style_losses.append(style_loss)
    for i in range(len(model) - 1, -1, -1):
        if isinstance(model[i], (ContentLoss, StyleLoss)):
            break
    model = model[: (i + 1)]
    return model, style_losses, content_losses


def run_style_transfer(
    net,
    content_img,
    style_img,
    input_img,
    num_steps=300,
    style_weight=1000000,
    content_weight=1,
    content_layers=("conv_4",),
    style_layers=("conv_1", "conv_2", "conv_3", "conv_4", "conv_5"),
    on_step=None,
):
    model, style_losses, content_losses = get_style_model_and_losses(
        net, style_img, content_img, content_layers, style_layers
    )
    input_img.requires_grad_(True)
    model.eval()
    model.requires_grad_(False)
    optimizer = torch.optim.LBFGS([input_img])
    run = [0]
    while run[0] <= num_steps:

        def closure():
            with torch.no_grad():
                input_img.clamp_(0, 1)
            optimizer.zero_grad()
            model(input_img)
            style_score = sum(sl.loss for sl in style_losses) * style_weight
            content_score = sum(cl.loss for cl in content_losses) * content_weight
            loss = style_score + content_score
            loss.backward()
            run[0] += 1
            if on_step:
                on_step(run[0], float(loss.detach()))
            return style_score + content_score

        optimizer.step(closure)
    with torch.no_grad():
        input_img.clamp_(0, 1)
    return input_img
