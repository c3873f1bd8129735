"""Shipped TOML catalogues (scenarios, experiments, places): list them and find one file
by name or by path, with one error for a name that is neither; and the closest-name
hint that error uses, for any list of names (the command line's choices use it too)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from .errors import InputError


def closest(name: str, known: Iterable[str]) -> str | None:
    """The name in ``known`` closest to ``name`` (difflib's ratio, at least 0.6), or None."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return close[0] if close else None


def names(package: str) -> list[str]:
    """Names (file stems) of the ``.toml`` files shipped in the data package."""
    return sorted(
        p.name[:-5] for p in resources.files(package).iterdir() if p.name.endswith(".toml")
    )


def locate(
    name_or_path: str, kind: str, package: str, folder: str, near: Sequence[Path] = ()
) -> tuple[str, str]:
    """(text, source label) of a ``kind`` file: the first of ``near`` (candidate paths)
    and ``name_or_path`` that is a file, else the shipped ``name_or_path.toml`` of
    ``package`` (labelled ``folder/NAME.toml``). An unknown name lists the shipped ones
    and suggests the closest."""
    if not isinstance(name_or_path, str) or not name_or_path:
        raise InputError(f"{kind} {name_or_path!r}: must be a {kind} name or a file path")
    for path in (*near, Path(name_or_path)):
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{kind} file {path}: cannot be read ({exc})") from exc
    looks_like_path = name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path
    if not looks_like_path:
        res = resources.files(package) / f"{name_or_path}.toml"
        if res.is_file():
            return res.read_text(encoding="utf-8"), f"{folder}/{name_or_path}.toml"
    known = names(package)
    near_name = closest(name_or_path, known)
    hint = f" Did you mean {near_name}?" if near_name else ""
    raise InputError(
        f"unknown {kind} {name_or_path!r}: not a file and not a named {kind}; named {kind}s "
        f"are {', '.join(known)}.{hint}"
    )
