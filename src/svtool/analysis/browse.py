"""`svtool browse`: Datasette on an svtool database, read-only, on this computer only.

Datasette is an optional extra (`pip install "svtool[browse]"`), run as its own process so that
svtool never imports it. svtool first opens the database itself (so that it is migrated and its
reference rows are current), then gives Datasette the metadata made from `analysis.schema`
(titles, descriptions, facets, search for the views; svtool's internal tables hidden). Datasette
reads a database it did not create in mode=ro, binds to 127.0.0.1 here, and offers no download of
the file.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from svtool.errors import SvtoolError

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL = 'pip install "svtool[browse]"'


def datasette_installed() -> bool:
    return importlib.util.find_spec("datasette") is not None


def require_datasette() -> None:
    if not datasette_installed():
        raise SvtoolError(
            "svtool browse needs Datasette, which is not installed",
            hint=f"Install it with: {INSTALL}  (with pipx: pipx inject svtool datasette)",
        )


def check_port(port: int) -> None:
    """Refuse, in one line, a port something else is already listening on (Datasette would
    start, then fail with its own error)."""
    import os
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as Datasette's server does; on Windows it would share the port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            raise SvtoolError(
                f"port {port} is already in use on this computer; choose another with "
                f"--port, e.g. --port {port + 1 if port < 65535 else port - 1}"
            ) from None


def metadata(db: Path) -> dict[str, Any]:
    """Open the database with svtool (migrating it, refreshing its reference rows) and return
    Datasette's metadata for it."""
    from svtool.analysis.schema import datasette_metadata, internal_tables
    from svtool.store import Store

    with Store(db) as store:
        internal = internal_tables(store.conn)
    return datasette_metadata(db.stem, internal)


def datasette_args(db: Path, metadata_file: Path) -> list[str]:
    """`datasette serve` for the file, without the host and port."""
    return [
        sys.executable, "-m", "datasette", "serve", str(db),
        "--metadata", str(metadata_file),
        "--setting", "allow_download", "off",
        "--setting", "suggest_facets", "off",
    ]  # fmt: skip


def serve(db: Path, port: int = DEFAULT_PORT, open_browser: bool = False) -> int:
    """Run Datasette until it is stopped (Ctrl+C); its exit status."""
    require_datasette()
    if not db.is_file():
        raise SvtoolError(
            f"There is no database at {db} yet", hint="Record evidence with `svtool log` first."
        )
    meta = metadata(db)
    with tempfile.TemporaryDirectory(prefix="svtool-browse-") as folder:
        path = Path(folder) / "metadata.json"
        path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        args = [*datasette_args(db, path), "--host", HOST, "--port", str(port)]
        if open_browser:
            args.append("--open")
        return _run_until_stopped(args)


def _run_until_stopped(args: list[str]) -> int:
    """Run Datasette; when svtool is stopped (Ctrl+C, or terminated), Datasette stops too."""
    import signal

    # Datasette prints a full traceback (with local variables, through rich) on standard output
    # for every error page, even a correctly refused write query; its log lines, which say what
    # failed in one line, go to standard error and are kept.
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.poll() is None:
            child.kill()
            child.wait()
