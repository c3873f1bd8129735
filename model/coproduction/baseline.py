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


def run_scenario(name: str) -> dict[str, list[float | None]]:
    """Every indicator of one scenario, every ``EVERY`` weeks, column by column."""
    from coproduction import CoproductionModel

    model = CoproductionModel.from_scenario(name, rng=SEED, n_citizens=N_CITIZENS, agents=False)
    df = model.run(WEEKS).indicators_dataframe()
    df = df[df["week"] % EVERY == 0]
    return {col: [_clean(v) for v in df[col].tolist()] for col in df.columns}


def generate() -> dict[str, Any]:
    """The baseline for every named scenario: ``{"settings": ..., "scenarios": {name:
    {indicator: [value per kept week]}}}``."""
    from coproduction import list_scenarios

    return {
        "settings": settings(),
        "scenarios": {name: run_scenario(name) for name in list_scenarios()},
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


def write(path: str | Path = DEFAULT_PATH) -> Path:
    """Generate the baseline and write it to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(generate()), encoding="utf-8")
    return path


def read(path: str | Path = DEFAULT_PATH) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_PATH), help="where to write the JSON")
    args = parser.parse_args(argv)
    print(f"wrote {write(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
