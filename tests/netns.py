"""Running a test's processes inside their own network and PID namespaces: only loopback is up, so
a tool that wants a routable address (Ray rewrites 127.0.0.1 to the host's address otherwise)
binds 127.0.0.1, no packet can leave, and every process started in there ends with it, killed by
the kernel (no `ray stop`, which would stop every Ray process on the machine).

`prefix()` is the command that enters them: as root, or where unprivileged user namespaces are
allowed, as a user mapped to root; None where neither is possible (then the test is skipped, and
says why). `loopback_up()` is called first thing inside.
"""

from __future__ import annotations

import fcntl
import functools
import socket
import struct
import subprocess

_TRIES = (
    ["unshare", "--net", "--pid", "--fork", "--mount-proc"],
    ["unshare", "--user", "--map-root-user", "--net", "--pid", "--fork", "--mount-proc"],
)


@functools.cache
def prefix() -> list[str] | None:
    for command in _TRIES:
        try:
            if subprocess.run([*command, "true"], capture_output=True, timeout=30).returncode == 0:
                return command
        except (OSError, subprocess.TimeoutExpired):
            pass
    return None


def loopback_up() -> None:
    """Bring `lo` up in this (new) network namespace: SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP
    (no `ip` command needed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, request)[:18])[1]
        fcntl.ioctl(s, 0x8914, struct.pack("16sH", b"lo", flags | 0x1))
