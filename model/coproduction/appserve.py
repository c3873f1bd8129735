"""``coprod app``: serve the interactive page (``coproduction.app:page``) with Solara.

Solara loads its front-end from a CDN through its server's asset cache; when the
repository's cache (``.cache/solara-assets``, filled from npm by
``tools/solara_assets.py``) exists, the server uses it, so the page needs no internet.

Two Solara defaults are changed through its settings. Its banner ("This website runs on
Solara") floats over the bottom right corner of the page, on top of the charts, so it is
switched off (``SOLARA_THEME_SHOW_BANNER``). And Solara would like its session cookie to
be ``SameSite=None`` (for pages embedded in another site's frame), which browsers accept
only over https or from ``localhost``; for any other host name over http (``127.0.0.1``,
or the machine's address with ``--host 0.0.0.0``) it sets a ``SameSite=Lax`` cookie and
prints a twelve-line warning on every page load. Lax is right for this page, which is
never embedded: so the address given to open is ``localhost``, and that one warning is
filtered by its text and module (``SAMESITE_FILTER``), no other.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from .errors import InputError

PAGE = "coproduction.app:page"
#: Host names that mean this machine: the page is then opened as ``localhost``.
THIS_MACHINE = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::")
#: A ``PYTHONWARNINGS`` entry ignoring Solara's warning about falling back to a
#: ``SameSite=Lax`` session cookie over http (see the module docstring), and nothing else.
SAMESITE_FILTER = (
    "ignore:Cookies with samesite=none require https:UserWarning:solara.server.starlette"
)
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
    """The environment for the server: the asset cache, no usage telemetry, no Solara
    banner over the page, and the samesite warning filtered (the user's own
    ``PYTHONWARNINGS`` entries are kept, before ours)."""
    env = dict(os.environ)
    cache = assets_dir()
    if cache is not None:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cache)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    env.setdefault("SOLARA_THEME_SHOW_BANNER", "false")
    env["PYTHONWARNINGS"] = ",".join(filter(None, [env.get("PYTHONWARNINGS"), SAMESITE_FILTER]))
    return env


def page_url(host: str, port: int) -> str:
    """The address to open in a browser: ``localhost`` when the server listens on this
    machine (where Solara sets the session cookie it prefers), else the host itself."""
    if host in THIS_MACHINE:
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


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
    where = "" if host in ("127.0.0.1", "localhost") else f"listening on {host}; "
    print(f"coprod app: serving on {page_url(host, port)} ({where}Ctrl-C to stop)", file=sys.stderr)
    sys.stderr.flush()
    sys.stdout.flush()
    cmd = command(host, port)
    os.execve(cmd[0], cmd, server_env())
    return 1  # not reached: execve only returns by raising OSError
