"""The load balancer in front of a cluster class's Streamlit replicas: an nginx configuration.

A browser tab is a websocket session held in one replica, and its uploads and media are plain HTTP
requests that must reach the same replica, so each browser sticks to one replica by a cookie:
- a browser without the `lb` cookie goes to the next replica in turn (round-robin: an even split,
  where hashing a new id split 8 tabs 7/1), and the answer sets `lb` to the replica that served it;
- a browser with the cookie goes to its replica (`map $cookie_lb $pinned`), and to another one if
  that one is down (each replica's upstream names the others as `backup`): the answer then pins
  the browser to the one that served it, whose page finds its jobs again by the URL;
- a cookie naming no replica goes round-robin, like a new browser (never anywhere else).
Not `ip_hash`: it keys on the first three octets of the address, so a whole classroom behind one
/24 would land on one replica.

Websockets need the Upgrade/Connection headers and HTTP/1.1; a lesson's session lasts long
(`proxy_read_timeout` 1 h); uploads are capped above the app's own cap, and passed on as they come
(not first written to nginx's disk).
"""

from __future__ import annotations

from pathlib import Path


def render(listen: str, replicas: list[str], *, upload_mb: int = 50, folder: Path | None = None, user: str = "") -> str:
    """The configuration: students reach `listen` (host:port); `replicas` are the Streamlit
    servers (host:port each). `folder`: where nginx keeps its pid, log and temporary files when it
    runs as this user (the one-command cluster class); None for a system nginx's own places (an
    `http`-level include for /etc/nginx/conf.d/). `user`: who nginx's workers run as, when not its
    default (`nobody`, when started as root)."""
    if not replicas:
        raise ValueError("the load balancer needs at least one replica")
    names = [f"r{i + 1}" for i in range(len(replicas))]
    lines = []
    if folder is not None:  # a whole nginx.conf of its own
        lines += [
            *([f"user {user};"] if user else []),
            "worker_processes 1;",
            f"pid {folder / 'nginx.pid'};",
            f"error_log {folder / 'error.log'} warn;",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off;",
            *(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        ]
    indent = "  " if folder is not None else ""
    body = [
        "# GAN Explorer: one browser, one replica (explorer/cluster/nginx.py)",
        'map $http_upgrade $connection_upgrade { default upgrade; "" close; }',
        "map $cookie_lb $pinned {",
        *(f"  {name} gx_{name};" for name in names),
        "  default gx_replicas;",
        "}",
        "map $upstream_addr $served_by {",
        *(f"  ~{_pattern(address)}$ {name};" for name, address in zip(names, replicas)),
        '  default "";',
        "}",
        "upstream gx_replicas {",
        *(f"  server {address};" for address in replicas),
        "}",
    ]
    for name, address in zip(names, replicas):
        others = [a for a in replicas if a != address]
        body += [f"upstream gx_{name} {{", f"  server {address};", *(f"  server {a} backup;" for a in others), "}"]
    body += [
        "server {",
        f"  listen {listen};",
        f"  client_max_body_size {upload_mb + 10}m;",
        "  location / {",
        "    proxy_pass http://$pinned;",
        "    proxy_http_version 1.1;",
        "    proxy_set_header Upgrade $http_upgrade;",
        "    proxy_set_header Connection $connection_upgrade;",
        "    proxy_set_header Host $host;",
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "    proxy_read_timeout 3600s;",
        "    proxy_request_buffering off;",
        "    proxy_next_upstream error timeout;",
        '    add_header Set-Cookie "lb=$served_by; Path=/; SameSite=Lax; HttpOnly" always;',
        "  }",
        "}",
    ]
    lines += [indent + line for line in body]
    if folder is not None:
        lines.append("}")
    return "\n".join(lines) + "\n"


def _pattern(address: str) -> str:
    """`$upstream_addr` ends with the address that answered (it lists every one tried)."""
    return address.replace(".", r"\.")
