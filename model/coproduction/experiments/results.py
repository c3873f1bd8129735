"""Reading a result store: DuckDB views over the Parquet files, pandas on request.

``open_results(DIR)`` gives a :class:`Results` with these DuckDB views:

- ``design``: every planned run (run_id, point, replication, seed, scenario, factors);
- ``runs``: the design joined with each run's latest finished attempt: ``status``
  (done, failed or pending), ``attempts``, ``error``, ``traceback``, ``wall_s``,
  ``started_at``, ``finished_at``, ``worker`` and the summary columns;
- ``trajectories``: weekly indicator values (run_id, week, indicators) joined with
  the design's columns;
- ``attempts``: one row per start of a run (run_id, batch, submitted_at).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .store import DESIGN, META


def _glob(path: Path, part: str) -> str | None:
    files = list((path / part).glob("*.parquet"))
    if not files:
        return None
    return str(path / part / "*.parquet").replace("'", "''")


class Results:
    """A read-only view of a result store (DuckDB in memory over its Parquet files)."""

    def __init__(self, path: str | os.PathLike):
        import duckdb

        self.path = Path(path)
        meta = self.path / META
        if not meta.is_file():
            raise InputError(f"results directory {self.path}: not a result store (no {META})")
        self.meta: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        self.con = duckdb.connect()
        self._views()

    @property
    def factors(self) -> list[str]:
        return list(self.meta.get("factors", []))

    @property
    def outputs(self) -> list[str]:
        return list(self.meta.get("outputs", []))

    def _views(self) -> None:
        q = self.con.execute
        design = str(self.path / DESIGN).replace("'", "''")
        q(f"CREATE VIEW design AS SELECT * FROM read_parquet('{design}')")
        att = _glob(self.path, "attempts")
        if att:
            q(f"CREATE VIEW attempts AS SELECT * FROM read_parquet('{att}', union_by_name=true)")
        else:
            q(
                "CREATE VIEW attempts AS SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS batch,"
                " NULL::DOUBLE AS submitted_at WHERE false"
            )
        runs = _glob(self.path, "runs")
        cols = ", ".join(f'NULL::DOUBLE AS "{c}"' for c in self.outputs)
        empty = (
            "SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS worker, NULL::DOUBLE AS started_at,"
            " NULL::VARCHAR AS status, NULL::VARCHAR AS error, NULL::VARCHAR AS traceback,"
            f" NULL::DOUBLE AS wall_s, NULL::DOUBLE AS finished_at{', ' + cols if cols else ''}"
            " WHERE false"
        )
        src = f"read_parquet('{runs}', union_by_name=true)" if runs else f"({empty})"
        q(
            "CREATE VIEW latest AS SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER "
            f"(PARTITION BY run_id ORDER BY finished_at DESC) AS rn FROM {src}) WHERE rn = 1"
        )
        q(
            "CREATE VIEW runs AS SELECT d.*, coalesce(l.status, 'pending') AS status, "
            "coalesce(a.n, 0) AS attempts, l.* EXCLUDE (run_id, status) "
            "FROM design d LEFT JOIN latest l USING (run_id) "
            "LEFT JOIN (SELECT run_id, count(*) AS n FROM attempts GROUP BY run_id) a "
            "USING (run_id) ORDER BY d.point, d.replication"
        )
        traj = _glob(self.path, "trajectories")
        if traj:
            q(
                "CREATE VIEW trajectories AS SELECT d.*, t.* EXCLUDE (run_id) FROM "
                f"read_parquet('{traj}', union_by_name=true) t JOIN design d USING (run_id)"
            )
        else:
            q(
                "CREATE VIEW trajectories AS SELECT d.*, NULL::INTEGER AS week FROM design d "
                "WHERE false"
            )

    def sql(self, query: str) -> pd.DataFrame:
        """Run a DuckDB query over the views; returns a pandas DataFrame."""
        import duckdb

        try:
            return self.con.execute(query).df()
        except duckdb.Error as exc:
            raise InputError(f"--sql {query!r}: {str(exc).splitlines()[0]}") from exc

    def runs(self) -> pd.DataFrame:
        """One row per planned run with its status, attempts, timings and summaries."""
        return self.sql("SELECT * FROM runs")

    def trajectories(self) -> pd.DataFrame:
        """Weekly indicator values of every finished run, with the design's columns."""
        return self.sql("SELECT * FROM trajectories ORDER BY point, replication, week")

    def counts(self) -> dict[str, int]:
        df = self.sql("SELECT status, count(*) AS n FROM runs GROUP BY status")
        out = {"done": 0, "failed": 0, "pending": 0}
        out.update(dict(zip(df["status"], df["n"].astype(int), strict=True)))
        out["runs"] = sum(out[k] for k in ("done", "failed", "pending"))
        return out

    def point_means(self) -> pd.DataFrame:
        """Summary columns averaged over replications, one row per parameter point."""
        keys = ["point", "scenario", *self.factors]
        cols = ", ".join(f'avg("{c}") AS "{c}"' for c in self.outputs)
        by = ", ".join(f'"{k}"' for k in keys)
        return self.sql(
            f"SELECT {by}, count(*) AS n, {cols} FROM runs WHERE status = 'done' "
            f"GROUP BY {by} ORDER BY point"
        )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_results(path: str | os.PathLike) -> Results:
    """Open a result store written by ``coprod sweep`` or ``coprod compare --out``."""
    return Results(path)
