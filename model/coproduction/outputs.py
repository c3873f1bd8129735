"""Writing results safely: output folders appear whole or not at all.

Results are written into a temporary folder beside the target and renamed into place
when complete; an existing non-empty target is refused unless ``force``, and then it is
replaced only after the new results are complete.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .errors import InputError

KEY_PACKAGES = ("mesa", "numpy", "scipy", "pandas", "pyarrow", "networkx", "pydantic")


class OutputDir:
    """Context manager: ``with OutputDir(path, force) as tmp: write into tmp``.

    On success the temporary folder replaces ``path``; on any error it is removed and
    ``path`` is left exactly as it was.
    """

    def __init__(self, path: str | os.PathLike, force: bool = False):
        self.path = Path(path)
        self.force = force
        if self.path.exists():
            if not self.path.is_dir():
                raise InputError(f"--out {self.path}: exists and is not a directory")
            if any(self.path.iterdir()) and not force:
                raise InputError(
                    f"--out {self.path}: directory exists and is not empty; "
                    "use --force to replace it"
                )
        parent = self.path.parent if str(self.path.parent) else Path(".")
        self.parent = parent
        # fail early, before any work, if the folder cannot be created
        self._make_tmp().rmdir()
        self.tmp: Path | None = None

    def _make_tmp(self) -> Path:
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.tmp-", dir=self.parent))
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; use the umask
        except OSError as exc:
            raise InputError(f"--out {self.path}: cannot create output directory ({exc})") from exc
        return tmp

    def __enter__(self) -> Path:
        self.tmp = self._make_tmp()
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        old = None
        if self.path.exists():
            old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
            os.replace(self.path, old)
        os.replace(self.tmp, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (temporary name, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def clean_json(obj: Any) -> Any:
    """NaN and infinities become ``None`` (JSON null); numpy scalars become Python ones."""
    if isinstance(obj, dict):
        return {str(k): clean_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean_json(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def dumps(obj: Any) -> str:
    return json.dumps(clean_json(obj), indent=2, allow_nan=False)


def git_commit() -> str | None:
    """The git commit of the source tree the package runs from, when known."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def provenance(**extra: Any) -> dict[str, Any]:
    """Package version, git commit, Python and key package versions, plus ``extra``."""
    versions = {}
    for name in ("coproduction", *KEY_PACKAGES):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "coproduction_version": versions.pop("coproduction"),
        "git_commit": git_commit(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "command": sys.argv,
        **extra,
    }
