"""Where students reach this server: its address on the local network (no internet needed)."""

from __future__ import annotations

import socket


def lan_address() -> str:
    """This machine's address on the local network, e.g. "192.168.1.20"; "127.0.0.1" when it has
    none. Connecting a UDP socket sends nothing: it only asks the kernel which interface would be
    used, so this works offline, and a network without a default route falls back to the host's name."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                address = s.getsockname()[0]
            if not address.startswith("127.") and address != "0.0.0.0":
                return address
        except OSError:
            continue
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
    return address
