"""`python -m explorer …`: the command line over the core. Progress on stderr, results on stdout.

Each file here holds a few commands, each a few lines over the core: `train` and `record`
(cli/train.py); `sample`, `score`, `ship`, `export-web` and `train-judge` (cli/models.py);
`harmonic` (cli/harmonic.py); `stylize` and `ship-vgg16` (cli/style.py); `classroom`, and a
cluster class's `cluster`, `nginx-config` and `cluster-resources` (explorer/cluster/), here.
Defaults and help texts come from the config dataclasses (explorer/settings.py `option`), so they
cannot drift.
"""

from __future__ import annotations

import json
import os
import shlex
import sys

from explorer import classroom
from explorer.cli import harmonic, models, style, train
from explorer.cli.args import Parser, address, port, positive_int, say
from explorer.cluster import launch, nginx
from explorer.data import datasets
from explorer.formats import checkpoint, web
from explorer.gan import recording


def build_parser() -> Parser:
    p = Parser(prog="python -m explorer", description="GAN Explorer: train and inspect the GANs of the lessons.")
    sub = p.add_subparsers(dest="command", required=True)
    train.add_commands(sub)
    models.add_commands(sub)
    c = sub.add_parser(
        "classroom",
        help="serve the app to a class on the local network (teacher mode, XSRF on, "
        "error details hidden, smaller uploads): prints the address, a QR code "
        "and the teacher's password",
    )
    c.add_argument("--port", type=port, default=8501)
    c.add_argument("--upload-mb", type=positive_int, default=50, help="the largest upload a student may send (MB)")
    c.set_defaults(func=lambda args: classroom.serve(args.port, args.upload_mb))
    k = sub.add_parser(
        "cluster",
        help="serve a class from several Streamlit replicas behind nginx, its jobs on a Ray cluster started "
        "here (needs gan-explorer[cluster] and nginx): prints the address, a QR code and the teacher's password",
    )
    k.add_argument("--port", type=port, default=8501, help="the students' port (nginx)")
    k.add_argument("--replicas", type=positive_int, default=2, help="Streamlit servers behind the load balancer")
    k.add_argument("--upload-mb", type=positive_int, default=50, help="the largest upload a student may send (MB)")
    k.add_argument(
        "--host", default="", help="this machine's address for students and Ray nodes (default: its LAN address)"
    )
    k.add_argument("--ray-port", type=port, default=6379, help="the Ray head's port (other machines' nodes join it)")
    k.set_defaults(func=_cluster)
    g = sub.add_parser(
        "nginx-config",
        help="print the load balancer's nginx configuration for replicas on other machines "
        "(an http-level include, e.g. /etc/nginx/conf.d/gan-explorer.conf)",
    )
    g.add_argument("--listen", default="80", help="where students connect: a port, or host:port")
    g.add_argument("--replica", action="append", required=True, type=address, help="a replica's host:port (repeat)")
    g.add_argument("--upload-mb", type=positive_int, default=50, help="the replicas' upload cap (MB)")
    g.set_defaults(
        func=lambda args: print(nginx.render(args.listen, args.replica, upload_mb=args.upload_mb), end="") or 0
    )
    r = sub.add_parser(
        "cluster-resources",
        help="print the lanes this machine offers a cluster's jobs, for `ray start --resources`",
    )
    r.set_defaults(func=lambda args: print(json.dumps(launch.this_machine())) or 0)
    harmonic.add_commands(sub)
    style.add_commands(sub)
    return p


def _cluster(args) -> int:
    """The cluster class's launcher runs for the whole class: it replaces this process by a small
    one, without the torch that the rest of the command line imports (461 MiB, measured)."""
    call = (
        "import sys; from explorer.cluster.launch import serve; "
        f"sys.exit(serve({args.port}, {args.replicas}, {args.upload_mb}, host={args.host!r}, ray_port={args.ray_port}))"
    )
    os.execv(sys.executable, [sys.executable, "-c", call])
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    args.command_line = "python -m explorer " + shlex.join(argv)  # recorded in what it writes
    try:
        return args.func(args)
    except (
        ValueError,
        datasets.DatasetUnavailable,
        checkpoint.CheckpointError,
        web.WebExportError,
        recording.RecordingError,
    ) as error:
        say(f"error: {error}")
        return 2
    except OSError as error:  # a file that cannot be read or written: a full disk, a missing folder
        where = f" ({error.filename})" if error.filename else ""
        say(f"error: {error.strerror or error}{where}")
        return 2
