"""What every ``coprod`` subcommand shares: the argument parser (closest-name hints for
misspelt choices and options), ``--set`` parsing, output on stdout, logs and progress
bars on stderr, integer argument types and the common options.

Both :mod:`coproduction.cli` and :mod:`coproduction.experiments.cli` build on this
module; neither imports the other's commands.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Sequence
from typing import Any

from . import parallel
from .catalogue import closest
from .errors import InputError
from .params import PARAMS, check_value, suggest


class Parser(argparse.ArgumentParser):
    """An argument parser whose "invalid choice" errors (a sub-command, ``--backend``, an
    action) end with the closest choice: ``did you mean dask?``. Sub-parsers made with
    ``add_subparsers().add_parser`` are of the same class."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as exc:
            choices = list(action.choices or ())
            near = None
            if isinstance(value, str) and all(isinstance(c, str) for c in choices):
                near = closest(value, choices)
            if near is None or "meant" in exc.message:  # Python 3.14+ may suggest already
                raise
            raise argparse.ArgumentError(action, f"{exc.message}; did you mean {near}?") from None

    def commands(self) -> dict[str, argparse.ArgumentParser]:
        """The sub-command parsers by name (none for a parser without sub-commands)."""
        for action in self._actions:
            if isinstance(action.choices, dict):  # only the sub-commands action maps names
                return dict(action.choices)
        return {}


def unrecognised(extra: Sequence[str], argv: Sequence[str], parser: argparse.ArgumentParser) -> str:
    """The error for arguments ``parser`` did not recognise, with a hint where one is
    likely: ``--set KEY VALUE`` (the ``=`` forgotten) or a misspelt option."""
    msg = f"unrecognized arguments: {' '.join(extra)}"
    argv = list(argv)
    for i, token in enumerate(argv):
        if token == "--set" and i + 2 < len(argv):
            key, value = argv[i + 1], argv[i + 2]
        elif token.startswith("--set=") and i + 1 < len(argv):
            key, value = token[len("--set=") :], argv[i + 1]
        else:
            continue
        if "=" not in key and value in extra:
            return f"{msg}; did you mean --set {key}={value}?"
    options = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    for token in extra:
        near = closest(token.partition("=")[0], options) if token.startswith("--") else None
        if near:
            return f"{msg}; did you mean {near}?"
    return msg


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


def set_option(
    p: argparse.ArgumentParser,
    help: str = "override a parameter (repeatable); the value is read as TOML, "
    "bare words allowed for text parameters",
) -> None:
    """``--set KEY=VALUE`` (repeatable), read with :func:`parse_set`."""
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help=help)


def common_options(p: argparse.ArgumentParser, sets: bool = True) -> None:
    """``--set`` and ``--place`` (unless ``sets`` is false), ``--quiet`` and ``--json``."""
    if sets:
        set_option(p)
        p.add_argument(
            "--place",
            metavar="NAME",
            help="a place profile (coprod places list, or a file): its population, "
            "deprivation and services, under any --set",
        )
    p.add_argument("--quiet", action="store_true", help="no progress or logs on stderr")
    p.add_argument("--json", action="store_true", help="print JSON only on stdout (NaN as null)")


def threads_option(p: argparse.ArgumentParser, *, pools: bool) -> None:
    """``--threads N``: threads inside a run (``coproduction.parallel``); with ``pools``,
    for commands that may run on several worker processes."""
    help = (
        "threads inside each run: in each worker process (default 1), or in this process "
        "when runs go one at a time (default: all cores)"
        if pools
        else "threads inside the run (default: all cores)"
    )
    p.add_argument("--threads", type=pos_int("--threads"), default=None, metavar="N", help=help)


def apply_threads(args: argparse.Namespace) -> None:
    """Use ``--threads`` here and in the worker processes started from here (they read
    ``COPROD_THREADS``)."""
    n = getattr(args, "threads", None)
    if n is not None:
        parallel.set_threads(n)
        os.environ[parallel.ENV_THREADS] = str(n)
