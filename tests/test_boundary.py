"""The core (`explorer/` outside app.py and ui/) never imports Streamlit (GUIDE §3)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
