"""Calibration to the targets by ABC-SMC (pyabc): an ensemble of parameter sets, not one.

Approximate Bayesian computation by sequential Monte Carlo (Toni et al. 2009; pyabc,
Schaelte et al. 2022) draws parameter sets from their priors, runs the model for each,
and keeps those whose calibration targets (``coproduction.targets``, role
``calibration``) lie within a distance epsilon of the observed figures; each generation
perturbs the kept sets and lowers epsilon (the median of the last generation's
distances). The last generation is a weighted sample from the approximate posterior:
the ensemble. pyabc was chosen over an optimiser (Optuna, as Starsim calibrates) because
the answer wanted is a spread of parameter sets that all meet the targets, and over
history matching because it needs no emulator to be fitted and checked; it is
maintained, stores every generation in SQLite (so a run that is killed resumes from its
last finished generation) and runs on processes or on a Dask cluster.

The distance is ``sqrt(mean_k z_k^2)``, with ``z_k = (model_k - observed_k) /
uncertainty_k`` over the targets, so epsilon is in units of the targets' standard
deviations. The held-out validation patterns are never read here.

A calibration is described by a TOML file (``calibrations/calibrate_wales.toml``)::

    name = "calibrate_wales"
    scenario = "top_down"          # the reference state the targets describe
    place = "wales"
    n_citizens = 2000
    particles = 100                # ensemble size (each generation)
    generations = 5                # at most
    min_epsilon = 0.5              # stop once epsilon is below this
    targets = ["wemwbs_mean", ...] # default: every calibration target
    [parameters]                   # uniform priors, within each parameter's range
    crisis_hazard_max = [0.3, 1.0]
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import targets as tg
from .errors import InputError
from .params import PARAMS, check_value

#: Keys a calibration file may set, with their defaults (None: required).
FIELDS: dict[str, Any] = {
    "name": None,
    "description": "",
    "scenario": "top_down",
    "place": "wales",
    "n_citizens": 2000,
    "particles": 100,
    "generations": 5,
    "min_epsilon": 0.5,
    "targets": None,
    "parameters": None,
    "overrides": {},
}
DB_NAME = "abc.db"


@dataclass(frozen=True)
class Calibration:
    """What to fit (see the module docstring for the file form)."""

    name: str
    parameters: Mapping[str, tuple[float, float]]
    targets: tuple[str, ...]
    scenario: str = "top_down"
    place: str = "wales"
    n_citizens: int = 2000
    particles: int = 100
    generations: int = 5
    min_epsilon: float = 0.5
    description: str = ""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    source: str = "<python>"

    def __post_init__(self) -> None:
        where = f"in {self.source}"
        if not self.parameters:
            raise InputError(f"calibration {self.name!r} {where}: no [parameters] to fit")
        for name, bounds in self.parameters.items():
            if name not in PARAMS:
                raise InputError(f"parameters.{name} {where}: not a model parameter")
            if PARAMS[name].lever:
                raise InputError(
                    f"parameters.{name} {where}: a policy lever; calibration fits the "
                    "model's assumptions, with the levers of the reference scenario"
                )
            if PARAMS[name].kind is not float:
                raise InputError(
                    f"parameters.{name} {where}: only float parameters can be fitted "
                    f"({name} is {PARAMS[name].kind.__name__})"
                )
            lo, hi = bounds
            if not lo < hi:
                raise InputError(f"parameters.{name} = {list(bounds)} {where}: need low < high")
            for v in (lo, hi):
                check_value(name, v, f"parameters.{name} {where}")
        roles = {t.key: t.role for t in tg.TARGETS}
        for key in self.targets:
            if roles.get(key) != tg.CALIBRATION:
                allowed = ", ".join(t.key for t in tg.of_role(tg.CALIBRATION))
                why = "a held-out validation pattern" if key in roles else "not a target"
                raise InputError(
                    f"targets: {key!r} {where} is {why}; calibration targets: {allowed}"
                )
        for key, value, low in (
            ("particles", self.particles, 2),
            ("generations", self.generations, 1),
            ("n_citizens", self.n_citizens, 50),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"{key} = {value!r} {where}: must be an integer >= {low}")
        if not (isinstance(self.min_epsilon, int | float) and self.min_epsilon >= 0):
            raise InputError(f"min_epsilon = {self.min_epsilon!r} {where}: must be >= 0")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "scenario": self.scenario,
            "place": self.place,
            "n_citizens": self.n_citizens,
            "particles": self.particles,
            "generations": self.generations,
            "min_epsilon": self.min_epsilon,
            "targets": list(self.targets),
            "parameters": {k: list(v) for k, v in self.parameters.items()},
            "overrides": dict(self.overrides),
        }


def load(path: str | Path) -> Calibration:
    """A calibration from a TOML file (a shipped name without ``.toml`` works too)."""
    p = Path(path)
    if not p.is_file() and not p.suffix:
        from importlib.resources import files

        shipped = files("coproduction._calibrations") / f"{p.name}.toml"
        if shipped.is_file():
            p = Path(str(shipped))
    if not p.is_file():
        raise InputError(f"calibration {str(path)!r}: no such file")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InputError(f"{p}: unknown keys {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    missing = [k for k, v in FIELDS.items() if v is None and k not in data and k != "targets"]
    if missing:
        raise InputError(f"{p}: missing {', '.join(missing)}")
    values = {k: data.get(k, v) for k, v in FIELDS.items()}
    values["targets"] = tuple(data.get("targets") or [t.key for t in tg.of_role(tg.CALIBRATION)])
    params = {}
    for name, bounds in values["parameters"].items():
        if not (isinstance(bounds, list) and len(bounds) == 2):
            raise InputError(f"{p}: parameters.{name} = {bounds!r}: give [low, high]")
        params[name] = (float(bounds[0]), float(bounds[1]))
    values["parameters"] = params
    return Calibration(**values, source=str(p))


# ------------------------------------------------------------------ the model run -----
class Simulator:
    """``simulator(parameters) -> {target: value}``: one run of the calibration's scenario
    with the parameters set, measured as the targets are (a year's burn-in, a year
    measured). The seed comes from numpy's global generator, which pyabc seeds."""

    def __init__(self, cal: Calibration):
        from .places import with_place

        self.cal = cal
        self.base = with_place(cal.place, dict(cal.overrides))

    def __call__(self, parameters: Mapping[str, float]) -> dict[str, float]:
        from .runner import execute
        from .validation import TARGET_MEASURES, Traced, trace_spec

        # pyabc draws from numpy's global generator: the seed comes from the same stream
        seed = int(np.random.randint(0, 2**31 - 1))  # noqa: NPY002
        values = {k: float(v) for k, v in dict(parameters).items()}
        spec = trace_spec(self.cal.scenario, seed, self.cal.n_citizens, {**self.base, **values})
        trace = execute(spec, Traced()).value
        return {k: float(TARGET_MEASURES[k]([trace])[0]) for k in self.cal.targets}


def distance(cal: Calibration):
    """``sqrt(mean_k z_k^2)`` over the calibration's targets (a NaN value: infinitely far)."""
    scale = {k: tg.BY_KEY[k].uncertainty for k in cal.targets}

    def dist(x: Mapping[str, float], x0: Mapping[str, float]) -> float:
        z2 = [((x[k] - x0[k]) / scale[k]) ** 2 for k in cal.targets]
        total = float(np.mean(z2))
        return math.sqrt(total) if math.isfinite(total) else math.inf

    return dist


def observed(cal: Calibration) -> dict[str, float]:
    return {k: tg.BY_KEY[k].value for k in cal.targets}


def _sampler(backend: str, workers: int, scheduler: str | None):
    from pyabc import sampler

    if backend == "serial" or workers == 1 and backend == "process":
        return sampler.SingleCoreSampler(), None
    if backend == "process":
        return sampler.MulticoreEvalParallelSampler(n_procs=workers), None
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="20s")
        return sampler.DaskDistributedSampler(dask_client=client), client.close
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return sampler.DaskDistributedSampler(dask_client=client), close


def run(
    cal: Calibration,
    out: str | Path,
    *,
    workers: int = 1,
    backend: str = "process",
    scheduler: str | None = None,
    seed: int = 0,
    observed_values: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Run (or resume) the calibration into ``out`` (``abc.db``, then ``ensemble.csv`` and
    ``diagnostics.csv``); returns the summary. A run that stopped (even killed) resumes
    from its last finished generation; ``observed_values`` replaces the targets' values
    (for a test that recovers parameters from data the model made)."""
    import pyabc

    from .runner import check_backend

    check_backend(backend, scheduler)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / DB_NAME
    url = f"sqlite:///{db}"
    np.random.seed(seed)  # noqa: NPY002 - pyabc samples from the global generator
    prior = pyabc.Distribution(
        **{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in cal.parameters.items()}
    )
    sampler, close = _sampler(backend, workers, scheduler)
    try:
        abc = pyabc.ABCSMC(
            Simulator(cal),
            prior,
            distance(cal),
            population_size=cal.particles,
            eps=pyabc.epsilon.QuantileEpsilon(alpha=0.5),
            sampler=sampler,
        )
        obs = dict(observed_values or observed(cal))
        if db.exists() and _populations(url) > 0:
            history = abc.load(url, 1)
            done = history.max_t + 1
        else:
            db.unlink(missing_ok=True)
            history = abc.new(url, obs)
            done = 0
        left = cal.generations - done
        if left > 0 and not _converged(history, cal):
            history = abc.run(minimum_epsilon=cal.min_epsilon, max_nr_populations=left)
    finally:
        if close is not None:
            close()
    return write_results(history, cal, out)


def _populations(url: str) -> int:
    import pyabc

    try:
        return int(pyabc.History(url).max_t + 1)
    except Exception:  # noqa: BLE001 - an unreadable or empty store starts afresh
        return 0


def _converged(history, cal: Calibration) -> bool:
    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0]
    return bool(len(pops)) and float(pops["epsilon"].iloc[-1]) <= cal.min_epsilon


def diagnostics(history) -> Any:
    """One row per generation: epsilon, evaluations, acceptance rate and the effective
    sample size of the weights (pyabc's own records)."""
    import pandas as pd
    from pyabc.weighted_statistics import effective_sample_size

    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0].reset_index(drop=True)
    rows = []
    for _, row in pops.iterrows():
        t = int(row["t"])
        _, w = history.get_distribution(m=0, t=t)
        n = len(w)
        rows.append(
            {
                "generation": t,
                "epsilon": float(row["epsilon"]),
                "particles": n,
                "evaluations": int(row["samples"]),
                "acceptance_rate": n / float(row["samples"]) if row["samples"] else math.nan,
                "ess": float(effective_sample_size(np.asarray(w))),
                "wall_s": float(row["wall_time"]) if "wall_time" in row else math.nan,
            }
        )
    return pd.DataFrame(rows)


def ensemble(history, cal: Calibration):
    """The last generation: one row per member, its weight, parameter values, and for each
    target its value (``model_<target>``), z (``z_<target>``) and whether it lies within
    two standard deviations (``met_<target>``), then how many targets it meets."""
    import pandas as pd

    t = history.max_t
    params, w = history.get_distribution(m=0, t=t)
    _, stats = history.get_weighted_sum_stats(t=t)
    table = pd.DataFrame(params).reset_index(drop=True)
    table.insert(0, "weight", np.asarray(w, dtype=float))
    table.insert(0, "member", np.arange(len(table)))
    for k in cal.targets:  # prefixed: a target may share a parameter's name
        target = tg.BY_KEY[k]
        values = np.array([float(s[k]) for s in stats])
        z = (values - target.value) / target.uncertainty
        table[f"model_{k}"] = values
        table[f"z_{k}"] = z
        table[f"met_{k}"] = np.abs(z) <= 2
    table["targets_met"] = table[[f"met_{k}" for k in cal.targets]].sum(axis=1)
    return table


def write_results(history, cal: Calibration, out: Path) -> dict[str, Any]:
    from .outputs import dumps, provenance, write_text

    diag = diagnostics(history)
    ens = ensemble(history, cal)
    _write_csv(ens, out / "ensemble.csv")
    _write_csv(diag, out / "diagnostics.csv")
    summary = {
        "calibration": cal.to_dict(),
        "generations": int(len(diag)),
        "evaluations": int(diag["evaluations"].sum()) if len(diag) else 0,
        "final_epsilon": float(diag["epsilon"].iloc[-1]) if len(diag) else math.nan,
        "members": int(len(ens)),
    }
    write_text(out / "run.json", dumps(provenance(**summary)))
    return summary


def _write_csv(table, path: Path) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        table.to_csv(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def text_summary(summary: Mapping[str, Any], diag, ens, cal: Calibration) -> str:
    """What a terminal shows at the end: the generations, then each target's ensemble
    median and range against the observed figure."""
    from .formatting import number

    lines = [
        f"calibration {cal.name}: {summary['generations']} generations, "
        f"{summary['evaluations']:,} model runs, final epsilon {summary['final_epsilon']:.3g} "
        f"(target standard deviations), {summary['members']} members",
        "",
        "generation  epsilon  evaluations  acceptance  ESS",
    ]
    for _, r in diag.iterrows():
        lines.append(
            f"{int(r['generation']):>10}  {r['epsilon']:>7.3g}  {int(r['evaluations']):>11,}  "
            f"{r['acceptance_rate']:>10.2f}  {r['ess']:>5.1f}"
        )
    lines += [
        "",
        "target                observed        ensemble median [range]   members within 2 SD",
    ]
    for k in cal.targets:
        t = tg.BY_KEY[k]
        v = ens[f"model_{k}"].to_numpy(dtype=float)
        lines.append(
            f"{k:<20}  {number(t.value):>7} +- {number(t.uncertainty):<6}  "
            f"{number(float(np.median(v)))} [{number(float(v.min()))}, {number(float(v.max()))}]"
            f"   {int(ens[f'met_{k}'].sum())} of {len(ens)}"
        )
    lines += ["", "parameter             prior              ensemble median [range]"]
    for k, (lo, hi) in cal.parameters.items():
        v = ens[k].to_numpy(dtype=float)
        lines.append(
            f"{k:<20}  [{number(lo)}, {number(hi)}]  "
            f"{number(float(np.median(v)))} [{number(float(v.min()))}, {number(float(v.max()))}]"
        )
    return "\n".join(lines)


#: The command that makes the shipped ensemble, and the one that ships it.
WALES_COMMAND = "coprod calibrate calibrate_wales --out results/calibrate_wales"
SHIP_COMMAND = "python -m coproduction.docsgen --ensemble results/calibrate_wales"


def shipped(name: str = "calibrate_wales"):
    """``(ensemble, diagnostics)`` tables of a shipped calibration, or ``None`` when the
    package has none."""
    from importlib.resources import files

    import pandas as pd

    folder = files("coproduction._calibrations")
    ens, diag = folder / f"{name}_ensemble.csv", folder / f"{name}_diagnostics.csv"
    if not (ens.is_file() and diag.is_file()):
        return None
    with ens.open("rb") as fe, diag.open("rb") as fd:
        return pd.read_csv(fe), pd.read_csv(fd)


def weighted_mean(ens, name: str) -> float:
    w = ens["weight"].to_numpy(dtype=float)
    return float(np.sum(w * ens[name].to_numpy(dtype=float)) / np.sum(w))


__all__: Sequence[str] = ("Calibration", "load", "run", "ensemble", "diagnostics")
