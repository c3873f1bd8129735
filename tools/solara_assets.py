"""Fill Solara's asset cache from npm, so the app's page loads with no internet.

Solara's page template and widgets load their front-end (Vuetify app, RequireJS,
Font Awesome, Vega, ...) from a CDN at page load, through the server's proxy cache
``SOLARA_ASSETS_PROXY_CACHE_DIR`` (files stored as ``<package>@<version>/<path>``).
This script reads the exact ``package@version`` specs from the installed solara
package (never a hand-kept list), fetches each with ``npm pack`` and unpacks it as
``<cache>/<package>@<version>/``. Packages already present are skipped.

Usage: python tools/solara_assets.py [CACHE_DIR]   (default: .cache/solara-assets)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".cache" / "solara-assets"
# a CDN URL in a template ({{cdn}}/...), a widget (getCdn()}/...) or a settings default
_SPEC = re.compile(
    r"(?:\{\{\s*cdn\s*\}\}|getCdn\(\)\}|_path: str = \")/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/"
)


def specs() -> list[str]:
    """Every ``package@version`` the installed solara loads from its CDN."""
    import solara

    found: set[str] = set()
    for path in Path(solara.__file__).parent.rglob("*"):
        if path.suffix in {".j2", ".vue", ".py", ".js"} and "test" not in path.name:
            found.update(_SPEC.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(found)


def fetch(spec: str, cache: Path) -> bool:
    """Unpack ``spec`` from npm into ``cache/spec`` (complete or not at all); False if
    it was already there."""
    target = cache / spec
    if (target / "package.json").is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        with tarfile.open(Path(tmp) / out) as tar:
            tar.extractall(tmp, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        (Path(tmp) / "package").rename(target)
    return True


def main(argv: list[str]) -> int:
    cache = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if shutil.which("npm") is None:
        print("solara_assets: npm not found (apt-get install npm)", file=sys.stderr)
        return 1
    cache.mkdir(parents=True, exist_ok=True)
    for spec in specs():
        added = fetch(spec, cache)
        print(f"{'fetched' if added else 'present'} {spec}", file=sys.stderr)
    print(cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
