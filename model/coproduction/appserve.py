"""``coprod app``: serve the interactive page (``coproduction.app:page``) with Solara.

Solara loads its front-end from a CDN through its server's asset cache; when the
repository's cache (``.cache/solara-assets``, filled from npm by
``tools/solara_assets.py``) exists, the server uses it, so the page needs no internet.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from .errors import InputError

PAGE = "coproduction.app:page"
#: The repository's asset cache (absent in an installed copy: Solara then fetches and
#: caches the assets itself on first use).
REPO_ASSETS = Path(__file__).resolve().parents[2] / ".cache" / "solara-assets"


def assets_dir() -> Path | None:
    """Where the Solara front-end assets are cached: ``$SOLARA_ASSETS_PROXY_CACHE_DIR``,
    else the repository's cache when it has been filled, else None (Solara's default)."""
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    if env:
        return Path(env)
    return REPO_ASSETS if REPO_ASSETS.is_dir() and any(REPO_ASSETS.iterdir()) else None


def server_env() -> dict[str, str]:
    """The environment for the server: the asset cache, and no usage telemetry."""
    env = dict(os.environ)
    cache = assets_dir()
    if cache is not None:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cache)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    return env


def check_address(host: str, port: int) -> None:
    """Refuse a port outside 1-65535 or one already in use, naming the value."""
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise InputError(f"--port {port!r}: must be an integer from 1 to 65535")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        raise InputError(
            f"--host {host} --port {port}: cannot listen there ({exc.strerror}); "
            "choose another port, e.g. --port 8766"
        ) from exc


def command(host: str, port: int) -> list[str]:
    """The Solara server command line for the page."""
    return [
        sys.executable, "-m", "solara", "run", PAGE,
        "--host", host, "--port", str(port), "--production", "--no-open",
    ]  # fmt: skip


def serve(host: str = "127.0.0.1", port: int = 8765) -> int:
    """Check the address, then replace this process with the Solara server (so that
    stopping ``coprod app``, by Ctrl-C or a signal, stops the server with it)."""
    check_address(host, port)
    print(f"coprod app: serving on http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    sys.stderr.flush()
    sys.stdout.flush()
    cmd = command(host, port)
    os.execve(cmd[0], cmd, server_env())
    return 1  # not reached: execve only returns by raising OSError
