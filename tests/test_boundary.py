"""The core's dependencies point one way. The core (`explorer/` outside app.py and ui/) never
imports Streamlit, and its sub-packages stand in layers: a module imports only from its own layer's
package or from lower layers, so that the file formats know nothing of GANs, the job layer nothing
of what its jobs do, and the GAN engine nothing of the harmonic game or of style transfer."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Within a layer, packages do not import one another.
LAYERS = [
    {"i18n"},  # words in the reader's language: gettext catalogues and Babel's numbers
    {"paths", "words", "network", "settings", "files"},  # leaf modules
    {"device"},  # which device to compute on (its name in both languages)
    {"formats", "jobs"},  # file formats; the job layer (processes, messages, the board)
    {"data"},  # datasets and your own pictures
    {"gan"},  # the GAN and VAE engine
    {"harmonic", "style"},  # the parts built on it
    {"classroom"},  # the class server's settings
    {"cluster"},  # a cluster class: the launcher and the load balancer's configuration
    {"cli"},  # python -m explorer …
    {"__main__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _part(module: str) -> str | None:
    """The core part `explorer.x.y` belongs to (x), or None outside the core."""
    parts = module.split(".")
    return parts[1] if parts[0] == "explorer" and len(parts) > 1 else None


def _imports(path: Path) -> set[str]:
    """Every explorer module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names if node.module == "explorer"}
    return {m for m in found if _part(m)}


def _core_files():
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        rel = path.relative_to(ROOT / "explorer")
        if rel.parts[0] not in ("ui", "app.py"):
            yield path, rel.parts[0].removesuffix(".py")


def test_every_core_part_has_a_layer():
    assert {part for _, part in _core_files()} - {"__init__"} <= set(LAYER)


def test_the_core_parts_import_only_their_own_layer_or_lower():
    wrong = []
    for path, part in _core_files():
        for module in _imports(path):
            other = _part(module)
            if other in (part, None) or part == "__init__":
                continue
            if LAYER[other] >= LAYER[part]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_the_layer_check_catches_an_upward_import(tmp_path):
    upward = tmp_path / "bad.py"
    upward.write_text("def f():\n    from explorer.gan.trainer import Trainer\n")
    assert _imports(upward) == {"explorer.gan.trainer"} and LAYER["gan"] > LAYER["formats"]


def test_no_core_module_imports_streamlit():
    offenders = []
    for path in (ROOT / "explorer").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "explorer/app.py" or rel.startswith("explorer/ui/"):
            continue
        if re.search(r"^\s*(import|from)\s+streamlit", path.read_text(), re.MULTILINE):
            offenders.append(rel)
    assert offenders == []


def test_importing_the_core_loads_no_streamlit():
    code = (
        "import sys; import explorer.cli, explorer.gan.trainer, explorer.gan.judge, "
        "explorer.formats.checkpoint, explorer.formats.images; "
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
