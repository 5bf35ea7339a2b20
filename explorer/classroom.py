"""`python -m explorer classroom`: the app served to a class from this machine, in one command.

What a class server needs that a laptop used alone does not (each is a `streamlit run` option, so
nothing here is hidden from a reader of `.streamlit/config.toml`):
- listening on the local network, not only on this machine, at an address printed with a QR code;
- XSRF protection on, and CORS on (a page from another site cannot post uploads into this one);
- error details hidden from students: a bug shows a sentence on the page, its traceback goes to
  the server's log (this terminal);
- smaller upload caps (thirty students' uploads are held in the server's memory);
- a student's session freed within a minute of closing the tab; usage statistics off; a toolbar
  without developer options;
- teacher mode on: the password from GAN_EXPLORER_TEACHER_PASSWORD, or a new one printed here.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from explorer.network import lan_address

APP = Path(__file__).resolve().parent / "app.py"
PASSWORD_ENV, URL_ENV = (
    "GAN_EXPLORER_TEACHER_PASSWORD",
    "GAN_EXPLORER_URL",
)  # read by explorer/ui/teacher.py, classroom.py


def server_options(port: int, upload_mb: int, address: str = "0.0.0.0") -> list[str]:
    """`streamlit run`'s options for a class server on `address` (every interface by default; a
    cluster's replica behind its load balancer listens on 127.0.0.1 only)."""
    return [
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.enableXsrfProtection",
        "true",
        "--server.enableCORS",
        "true",
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "viewer",
        "--server.maxUploadSize",
        str(upload_mb),
        "--server.disconnectedSessionTTL",
        "45",
        "--browser.gatherUsageStats",
        "false",
    ]


def command(port: int, upload_mb: int, address: str = "0.0.0.0") -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), *server_options(port, upload_mb, address)]


def new_password() -> str:
    """Easy to type from the projector, hard to guess in the seconds a wrong one costs: 8 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
    return "".join(secrets.choice(alphabet) for _ in range(8))


def announce(url: str, password: str, generated: bool) -> str:
    """What the teacher reads in the terminal: the students' address (and its QR code) and the password."""
    import segno

    qr = segno.make(url, error="m")
    lines = ["", "GAN Explorer for the class", "", f"  Students open:  {url}", ""]
    try:
        import io

        out = io.StringIO()
        qr.terminal(out=out, compact=True)
        lines.append(out.getvalue())
    except Exception:  # a terminal that cannot draw it: the address is enough
        pass
    where = "made for this session" if generated else f"from {PASSWORD_ENV}"
    lines += [
        f"  Teacher's password ({where}):  {password}",
        "  (sidebar → Teacher on your own screen; students never need it)",
        "",
    ]
    return "\n".join(lines)


def serve(port: int, upload_mb: int) -> int:
    password = os.environ.get(PASSWORD_ENV, "")
    generated = not password
    password = password or new_password()
    url = os.environ.get(URL_ENV) or f"http://{lan_address()}:{port}"
    print(announce(url, password, generated), file=sys.stderr, flush=True)
    env = {**os.environ, PASSWORD_ENV: password, URL_ENV: url}
    try:
        return subprocess.call(command(port, upload_mb), env=env)
    except KeyboardInterrupt:
        return 0
