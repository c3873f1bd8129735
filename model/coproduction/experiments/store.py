"""The result store: a directory of Parquet files that survives crashes and resumes.

Layout (see docs/experiments.md)::

    DIR/experiment.json      kind, name, fingerprint, the normalised spec, provenance
    DIR/experiment.toml      the experiment file as written (sweeps)
    DIR/design.parquet       every planned run: run_id, point, replication, seed,
                             scenario and one column per factor
    DIR/attempts/*.parquet   one file per dispatched batch: which runs were started
    DIR/runs/*.parquet       one file per finished batch: status, error, traceback,
                             timings and the summary columns of each run
    DIR/trajectories/*.parquet  weekly indicator values of each finished run
    DIR/figures/*.png        plots

Every file is written to a temporary name and renamed, so a reader sees whole files
only. A batch's ``runs`` file is its commit record: its trajectories are written first,
and trajectories without a matching runs file (a crash between the two) are removed
when the store is next opened for writing. A run's current state is its latest row in
``runs`` (a failed run retried with ``--retry-failed`` gets a newer row); the number of
times it was started is its number of rows in ``attempts``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..outputs import dumps, provenance, write_text

META = "experiment.json"
DESIGN = "design.parquet"
PARTS = ("attempts", "runs", "trajectories")


def run_id(
    scenario: str,
    params: dict[str, Any],
    weeks: int,
    seed: int,
    replication: int,
    point: int | None = None,
) -> str:
    """A stable id for one run: a hash of everything that determines its results, and of
    its point's index in the design (a Morris design may visit the same point twice)."""
    blob = json.dumps(
        {
            "scenario": scenario,
            "params": params,
            "weeks": weeks,
            "seed": seed,
            "replication": replication,
            "point": point,
        },
        sort_keys=True,
        default=str,
    ).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


class _Unset:
    def __repr__(self) -> str:
        return "unset"


UNSET = _Unset()


def differences(old: Any, new: Any, where: str = "") -> list[tuple[str, Any, Any]]:
    """``(dotted key, old, new)`` for every leaf where two specs differ (``UNSET`` for a
    key one of them lacks)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[str, Any, Any]] = []
        for key in sorted(set(old) | set(new), key=str):
            out += differences(old.get(key, UNSET), new.get(key, UNSET), f"{where}{key}.")
        return out
    return [] if old == new else [(where[:-1], old, new)]


def spec_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """``key: OLD in the store, NEW now`` for each difference between a store's spec and
    a new one (both as JSON holds them), without the ``base_params.K`` that only repeat
    an ``overrides.K`` (the resolved parameters follow the overrides)."""
    diffs = differences(json.loads(dumps(old)), json.loads(dumps(new)))
    said = {k.removeprefix("overrides.") for k, _, _ in diffs if k.startswith("overrides.")}
    out = []
    for key, a, b in diffs:
        if key.startswith("base_params.") and key.removeprefix("base_params.") in said:
            continue
        a_text, b_text = (t if len(t) <= 60 else t[:57] + "..." for t in (repr(a), repr(b)))
        out.append(f"{key}: {a_text} in the store, {b_text} now")
    return out


def command_line_text(changes: dict[str, Any]) -> str:
    """``--replications 1 --weeks 104 --set n_citizens=300`` for an experiment's
    ``command_line`` record (empty when the command line changed nothing)."""
    parts = [f"--{k} {changes[k]}" for k in ("replications", "weeks") if k in changes]
    parts += [f"--set {k}={json.dumps(v)}" for k, v in changes.get("set", {}).items()]
    return " ".join(parts)


def _refusal(path: Path, old: dict[str, Any], meta: dict[str, Any]) -> str:
    """Why the store at ``path`` (metadata ``old``) cannot be resumed with ``meta``: for
    the same experiment, what differs and the options the store was made with."""
    name = old.get("name")
    prints = f"(fingerprint {old.get('fingerprint')} in the store, {meta['fingerprint']} now)"
    advice = "Use another --out directory"
    if name != meta["name"]:
        return (
            f"--out {path}: holds results of experiment {name!r}, not of {meta['name']!r} "
            f"{prints}. {advice}"
        )
    diffs = spec_differences(old.get("spec", {}), meta.get("spec", {}))
    shown = "; ".join(diffs[:6]) + (f"; and {len(diffs) - 6} more" if diffs[6:] else "")
    made = command_line_text(old.get("command_line") or {})
    return (
        f"--out {path}: holds results of experiment {name!r} with other settings {prints}, "
        f"so it cannot be resumed. What differs: {shown or 'the resolved settings'}."
        + (f" The store was made with {made}." if made else "")
        + f" {advice}, or the store's settings to resume it"
    )


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write a Parquet file atomically (temporary name in the same folder, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def read_parts(path: Path, part: str) -> pd.DataFrame:
    """All batch files of one part concatenated (an empty frame when there are none)."""
    files = sorted((path / part).glob("*.parquet"))
    if not files:
        return pd.DataFrame()
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


class ResultStore:
    """A results directory opened for writing by one process at a time."""

    def __init__(self, path: Path, meta: dict[str, Any]):
        self.path = path
        self.meta = meta
        self._lock_fd: int | None = None
        self._session = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self._batch = 0

    # -- creation and opening ---------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        meta: dict[str, Any],
        design: pd.DataFrame,
        text: str | None = None,
    ) -> ResultStore:
        """Create the store at ``path``, or reopen it to resume the same experiment.

        Refuses (InputError) a directory that holds a different experiment (another
        fingerprint) or files that are not a result store.
        """
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise InputError(f"--out {path}: exists and is not a directory")
        if (path / META).is_file():
            old = json.loads((path / META).read_text(encoding="utf-8"))
            if old.get("fingerprint") != meta["fingerprint"]:
                raise InputError(_refusal(path, old, meta))
        elif path.exists() and any(path.iterdir()):
            raise InputError(
                f"--out {path}: directory is not empty and is not a result store "
                f"(no {META}); use another --out directory"
            )
        else:
            cls._create(path, meta, design, text)
        store = cls(path, json.loads((path / META).read_text(encoding="utf-8")))
        store._lock()
        store._tidy()
        return store

    @staticmethod
    def _create(path: Path, meta: dict[str, Any], design: pd.DataFrame, text: str | None) -> None:
        """Write the store's fixed files into a temporary folder and rename it into place,
        so a store either exists whole or not at all."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=path.parent))
        except OSError as exc:
            raise InputError(f"--out {path}: cannot create the results directory ({exc})") from exc
        try:
            os.chmod(tmp, 0o755)
            for part in PARTS:
                (tmp / part).mkdir()
            write_parquet(design, tmp / DESIGN)
            if text is not None:
                write_text(tmp / "experiment.toml", text)
            write_text(tmp / META, dumps({**meta, "provenance": provenance()}))
            if path.exists():
                path.rmdir()  # empty (checked above)
            os.replace(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def _lock(self) -> None:
        fd = os.open(self.path / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise InputError(
                f"--out {self.path}: another process is writing to this result store"
            ) from None
        self._lock_fd = fd

    def close(self) -> None:
        """Release the store's lock."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _tidy(self) -> None:
        """Remove leftovers of an interrupted write: temporary files, and trajectories
        whose batch never got its runs file (those runs will be computed again)."""
        for part in PARTS:
            for f in (self.path / part).glob(".*.tmp"):
                f.unlink(missing_ok=True)
        committed = {f.name for f in (self.path / "runs").glob("*.parquet")}
        for f in (self.path / "trajectories").glob("*.parquet"):
            if f.name not in committed:
                f.unlink()

    # -- reading ----------------------------------------------------------------------
    def design(self) -> pd.DataFrame:
        return pd.read_parquet(self.path / DESIGN)

    def latest_status(self) -> dict[str, str]:
        """run_id -> status of its latest finished attempt (done or failed)."""
        runs = read_parts(self.path, "runs")
        if runs.empty:
            return {}
        runs = runs.sort_values("finished_at", kind="stable")
        return dict(zip(runs["run_id"], runs["status"], strict=True))

    # -- writing ----------------------------------------------------------------------
    def next_batch_name(self) -> str:
        self._batch += 1
        return f"{self._session}-{self._batch:05d}.parquet"

    def record_attempt(self, name: str, run_ids: list[str]) -> None:
        """Note that the runs of batch ``name`` are being started (before dispatch)."""
        df = pd.DataFrame(
            {"run_id": run_ids, "batch": name[: -len(".parquet")], "submitted_at": time.time()}
        )
        write_parquet(df, self.path / "attempts" / name)

    def write_batch(self, name: str, runs: pd.DataFrame, traj: pd.DataFrame | None) -> None:
        """Commit a finished batch: trajectories first, then the runs file."""
        if traj is not None and not traj.empty:
            write_parquet(traj, self.path / "trajectories" / name)
        write_parquet(runs, self.path / "runs" / name)
