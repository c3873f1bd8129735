"""Helpers for the end-to-end tests of the ``coprod`` command.

The command runs in a subprocess with the interpreter that runs the tests, in a
temporary working directory, so relative output folders land there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: A tiny run: 200 citizens for 20 weeks (a second or so).
TINY = ("--set", "n_citizens=200", "--weeks", "20")
#: The first eight bytes of every PNG file.
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def coprod(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``coprod ARGS`` in ``cwd``; never raises on a non-zero exit code."""
    return subprocess.run(
        [sys.executable, "-m", "coproduction.cli", *(str(a) for a in args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def nonblank_lines(text: str) -> list[str]:
    """The lines of ``text`` that hold something other than whitespace, stripped.

    Text-mode capture turns the carriage returns of a progress bar into newlines, so a
    progress bar written before an error shows up here as extra lines.
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def hidden_entries(folder: Path) -> list[str]:
    """Names in ``folder`` that start with a dot (temporary folders of an unfinished write)."""
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith("."))


def tree(folder: Path) -> list[str]:
    """Every path below ``folder``, relative and sorted, hidden ones included."""
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (creating its folder) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def describe(res: subprocess.CompletedProcess[str]) -> str:
    """Exit code, stdout and stderr of a finished command, for assertion messages."""
    return f"exit code {res.returncode}\n--- stdout\n{res.stdout}\n--- stderr\n{res.stderr}"
