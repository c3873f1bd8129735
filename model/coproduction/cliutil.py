"""What every ``coprod`` subcommand shares: ``--set`` parsing, output on stdout, logs and
progress bars on stderr, integer argument types and the common options.

Both :mod:`coproduction.cli` and :mod:`coproduction.experiments.cli` build on this
module; neither imports the other's commands.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from typing import Any

from .errors import InputError
from .params import PARAMS, check_value, suggest


def parse_set(items: list[str] | None) -> dict[str, Any]:
    """``--set key=value`` pairs; the value is read as a TOML value, and a bare word is
    accepted for text parameters (``--set reward=cash``)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key or not raw.strip():
            raise InputError(f"--set {item!r}: expected key=value, e.g. --set co_design=0.8")
        if key not in PARAMS:
            raise InputError(f"--set {item!r}: unknown parameter {key!r}.{suggest(key)}")
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            if PARAMS[key].kind is str:
                value = raw.strip()
            else:
                raise InputError(
                    f"--set {item!r}: value {raw!r} is not a valid TOML value; parameter "
                    f"{key!r} must be {PARAMS[key].allowed()}"
                ) from None
        out[key] = check_value(key, value, "--set")
    return out


def place_and_set(args: argparse.Namespace) -> dict[str, Any]:
    """The overrides of a command: the place profile's (``--place``), then ``--set``."""
    from .places import with_place

    return with_place(getattr(args, "place", None), parse_set(args.set))


def emit(text: str) -> None:
    """Write ``text`` (a table, or the JSON document with ``--json``) to stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def log(args: argparse.Namespace, msg: str) -> None:
    """A log line on stderr, unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(msg, file=sys.stderr, flush=True)


class _NoBar:
    """Stands in for a progress bar under ``--quiet``."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, **values: Any) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(
    args: argparse.Namespace,
    total: int,
    desc: str,
    unit: str,
    *,
    initial: int = 0,
    leave: bool = False,
):
    """A tqdm bar on stderr (a silent stand-in with ``--quiet``), with ``update(n)``,
    ``set_postfix(...)`` and ``close()``."""
    if getattr(args, "quiet", False):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        desc=desc,
        file=sys.stderr,
        unit=unit,
        dynamic_ncols=True,
        leave=leave,
    )


def nonneg_int(name: str):
    """An argparse type: an integer >= 0; errors name the option."""

    def conv(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} {text!r}: must be an integer") from None
        if v < 0:
            raise argparse.ArgumentTypeError(f"{name} {text!r}: must be 0 or more")
        return v

    return conv


def pos_int(name: str):
    """An argparse type: an integer >= 1; errors name the option."""

    def conv(text: str) -> int:
        v = nonneg_int(name)(text)
        if v < 1:
            raise argparse.ArgumentTypeError(f"{name} {text!r}: must be 1 or more")
        return v

    return conv


def common_options(p: argparse.ArgumentParser, sets: bool = True) -> None:
    """``--set`` (unless ``sets`` is false), ``--quiet`` and ``--json``."""
    if sets:
        p.add_argument(
            "--set",
            action="append",
            metavar="KEY=VALUE",
            help="override a parameter (repeatable); the value is read as TOML, "
            "bare words allowed for text parameters",
        )
        p.add_argument(
            "--place",
            metavar="NAME",
            help="a place profile (coprod places list, or a file): its population, "
            "deprivation and services, under any --set",
        )
    p.add_argument("--quiet", action="store_true", help="no progress or logs on stderr")
    p.add_argument("--json", action="store_true", help="print JSON only on stdout (NaN as null)")
