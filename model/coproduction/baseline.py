"""Golden baseline: the indicators of a short fixed-seed run of every named scenario.

``generate()`` runs each scenario in the catalogue for ``WEEKS`` weeks at ``N_CITIZENS``
citizens with seed ``SEED`` and keeps every indicator every ``EVERY`` weeks (weeks 0, 13,
..., 104). ``write(path)`` stores it as JSON that is stable from run to run: sorted keys,
floats written with ``repr`` (shortest exact form), NaN written as ``null``.

Run ``python -m coproduction.baseline [--out PATH]`` (``make baseline``) from the
repository root to regenerate ``tests/golden/baseline.json``; see
``tests/golden/README.md``.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

WEEKS = 104
EVERY = 13
N_CITIZENS = 400
SEED = 7
DEFAULT_PATH = Path("tests") / "golden" / "baseline.json"  # relative to the repository root


def settings() -> dict[str, int]:
    """The run settings recorded in (and checked against) the baseline file."""
    return {"weeks": WEEKS, "every": EVERY, "n_citizens": N_CITIZENS, "seed": SEED}


def spec(name: str):
    """The baseline run of one scenario."""
    from .runner import RunSpec

    return RunSpec(name, SEED, WEEKS, {"n_citizens": N_CITIZENS})


def kept_weeks(model, spec) -> dict[str, list[float | None]]:
    """Extractor: every indicator every ``EVERY`` weeks, column by column."""
    df = model.indicators_dataframe()
    df = df[df["week"] % EVERY == 0]
    return {col: [_clean(v) for v in df[col].tolist()] for col in df.columns}


def run_scenario(name: str) -> dict[str, list[float | None]]:
    """Every indicator of one scenario, every ``EVERY`` weeks, column by column."""
    from .runner import execute

    return execute(spec(name), kept_weeks).value


def generate(workers: int = 1) -> dict[str, Any]:
    """The baseline for every named scenario: ``{"settings": ..., "scenarios": {name:
    {indicator: [value per kept week]}}}``; the scenarios run in ``workers`` processes."""
    from .runner import run_many
    from .scenarios import list_scenarios

    results = run_many([spec(name) for name in list_scenarios()], kept_weeks, workers=workers)
    return {
        "settings": settings(),
        "scenarios": {res.spec.scenario: res.value for res in results},
    }


def _clean(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def dumps(data: dict[str, Any]) -> str:
    """Stable JSON text: objects with sorted keys, one key per line, each list on one line
    (so a diff shows which indicator moved), NaN as null, a final newline."""

    def encode(obj: Any, level: int) -> str:
        if isinstance(obj, dict) and obj:
            pad = " " * (level + 1)
            items = [f"{pad}{json.dumps(k)}: {encode(obj[k], level + 1)}" for k in sorted(obj)]
            return "{\n" + ",\n".join(items) + "\n" + " " * level + "}"
        return json.dumps(obj, allow_nan=False)

    return encode(data, 0) + "\n"


def write(path: str | Path = DEFAULT_PATH, workers: int = 1) -> Path:
    """Generate the baseline and write it to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(generate(workers)), encoding="utf-8")
    return path


def read(path: str | Path = DEFAULT_PATH) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_PATH), help="where to write the JSON")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes to run the scenarios in (default 1)"
    )
    args = parser.parse_args(argv)
    print(f"wrote {write(args.out, args.workers)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
