"""Experiment files: what to vary, how to sample it, what to keep.

An experiment is a TOML file (shipped ones live in the top-level ``experiments/`` folder
and resolve by name, like scenarios)::

    name = "prevention_vs_budget"
    description = "..."
    scenario = "co_produced"        # base scenario (name or file)
    versus = "top_down"             # optional: every run also runs this scenario at the
                                    # same seed and factor values, and keeps the
                                    # difference (scenario - versus) as its outputs
    place = "wales"                 # optional: a place profile under [overrides]
    replications = 3                # seeds seed, seed + 1, ... (common random numbers)
    weeks = 520
    seed = 0

    [overrides]                     # fixed parameter changes on top of the scenario
    n_citizens = 1000

    [sampler]
    method = "grid"                 # grid | lhs | sobol | morris
    n = 64                          # lhs: points; sobol: base sample N (a power of 2);
                                    # morris: trajectories
    seed = 1                        # the sampler's own seed (lhs, sobol, morris)
    second_order = false            # sobol only
    levels = 4                      # morris only: grid levels

    [factors.prevention_share]
    levels = [0.05, 0.15, 0.3]      # grid: explicit levels ...
    [factors.budget_per_citizen]
    low = 200.0                     # ... or a range: low, high (and steps for grid)
    high = 800.0
    steps = 4

    [outputs]
    indicators = ["wellbeing_mean", "cost_per_citizen_week"]
    summaries = ["final", "mean_last_year", "cumulative"]
    trajectories = true             # keep weekly values of the indicators too

Errors name the key, the value, what is allowed and the file, as for scenarios.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import indicators as ind
from ..catalogue import locate, names
from ..errors import InputError
from ..params import PARAMS, check_value, suggest
from ..scenarios import load_scenario_file

SAMPLERS = ("grid", "lhs", "sobol", "morris")
SUMMARIES = ("final", "mean_last_year", "cumulative")
TOP_KEYS = {
    "name",
    "description",
    "scenario",
    "versus",
    "place",
    "replications",
    "weeks",
    "seed",
    "overrides",
    "sampler",
    "factors",
    "outputs",
}
SAMPLER_KEYS = {"method", "n", "seed", "second_order", "levels"}
FACTOR_KEYS = {"levels", "low", "high", "steps"}
OUTPUT_KEYS = {"indicators", "summaries", "trajectories"}
DEFAULT_INDICATORS = ("wellbeing_mean", "cost_per_citizen_week", "crisis_rate")


@dataclass(frozen=True)
class Factor:
    """One varied parameter: explicit ``levels`` (grid) or a ``[low, high]`` range."""

    name: str
    levels: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    steps: int | None = None

    def grid_levels(self) -> tuple[Any, ...]:
        """The levels a grid uses: the explicit ones or ``steps`` evenly spaced values."""
        if self.levels is not None:
            return self.levels
        assert self.low is not None and self.high is not None and self.steps is not None
        if self.steps == 1:
            return (self.coerce(self.low),)
        span = self.high - self.low
        return tuple(self.coerce(self.low + span * i / (self.steps - 1)) for i in range(self.steps))

    def coerce(self, value: Any) -> Any:
        """A sampled value as the parameter's type (integers rounded)."""
        if PARAMS[self.name].kind is int:
            return int(round(value))
        if PARAMS[self.name].kind is float:
            return float(value)
        return value


@dataclass(frozen=True)
class Experiment:
    name: str
    description: str
    scenario: str
    source: str
    replications: int
    weeks: int
    seed: int
    overrides: dict[str, Any]
    method: str
    n: int | None
    sampler_seed: int
    second_order: bool
    morris_levels: int
    factors: tuple[Factor, ...]
    indicators: tuple[str, ...]
    summaries: tuple[str, ...]
    trajectories: bool
    text: str = ""  # the file as written, kept in the result store
    base_params: dict[str, Any] = field(default_factory=dict)  # scenario + overrides
    #: What the command line changed (``replications``, ``weeks``, ``set``): see
    #: :meth:`adjusted`. Not part of :meth:`to_dict`, which holds the resulting values.
    command_line: dict[str, Any] = field(default_factory=dict)
    #: The scenario each run is paired with (same seed, same factor values); the outputs
    #: are then differences, ``scenario - versus``. None: levels of ``scenario``.
    versus: str | None = None
    versus_params: dict[str, Any] = field(default_factory=dict)  # versus + overrides
    place: str | None = None  # a place profile under the overrides

    def to_dict(self) -> dict[str, Any]:
        """Everything that defines the runs and their results (no file text or source)."""
        return {
            "name": self.name,
            "scenario": self.scenario,
            "replications": self.replications,
            "weeks": self.weeks,
            "seed": self.seed,
            "overrides": self.overrides,
            "sampler": {
                "method": self.method,
                "n": self.n,
                "seed": self.sampler_seed,
                "second_order": self.second_order,
                "levels": self.morris_levels,
            },
            "factors": [
                {"name": f.name, "levels": f.levels, "low": f.low, "high": f.high, "steps": f.steps}
                for f in self.factors
            ],
            "outputs": {
                "indicators": list(self.indicators),
                "summaries": list(self.summaries),
                "trajectories": self.trajectories,
            },
            "base_params": self.base_params,
            # only when set, so the fingerprints of experiments without them stand
            **({"place": self.place} if self.place else {}),
            **({"versus": self.versus, "versus_params": self.versus_params} if self.versus else {}),
        }

    def fingerprint(self) -> str:
        """A hash of :meth:`to_dict`: two experiments with the same one produce the same
        runs, so a result store refuses any other."""
        blob = json.dumps(self.to_dict(), sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def adjusted(
        self,
        replications: int | None = None,
        weeks: int | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Experiment:
        """This experiment with other ``replications`` or ``weeks`` and more fixed
        parameter changes (``coprod sweep --replications --weeks --set``), to try it small
        without copying the file. ``overrides`` (validated values, e.g. from
        :func:`coproduction.cliutil.parse_set`) go over the file's ``[overrides]`` and
        must not name a factor. The changes are kept in :attr:`command_line`; the
        resulting values enter :meth:`to_dict`, the fingerprint and every run id."""
        changes: dict[str, Any] = {}
        for key, value in (("replications", replications), ("weeks", weeks)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"--{key} {value!r}: must be an integer >= 1")
            changes[key] = value
        sets = dict(overrides or {})
        factors = {f.name: f for f in self.factors}
        for key, value in sets.items():
            if key in factors:
                f = factors[key]
                varied = (
                    f"levels {', '.join(map(repr, f.levels))}"
                    if f.levels is not None
                    else f"{f.low:g} to {f.high:g}"
                )
                raise InputError(
                    f"--set {key}={value!r}: {key!r} is a factor of experiment {self.name!r} "
                    f"(it varies over {varied}); --set changes only fixed parameters, so "
                    f"change the factor in a copy of {self.source}"
                )
        if not changes and not sets:
            return self
        merged, base, vbase = self.overrides, self.base_params, self.versus_params
        if sets:
            merged = {**self.overrides, **sets}
            try:
                base, vbase = _resolve(self.scenario, self.versus, self.place, merged)
            except InputError as exc:
                given = " ".join(f"{k}={v!r}" for k, v in sets.items())
                raise InputError(f"experiment {self.name!r} with --set {given}: {exc}") from exc
            changes["set"] = {**self.command_line.get("set", {}), **sets}
        return dataclasses.replace(
            self,
            replications=changes.get("replications", self.replications),
            weeks=changes.get("weeks", self.weeks),
            overrides=merged,
            base_params=base,
            versus_params=vbase,
            command_line={**self.command_line, **changes},
        )

    @property
    def output_columns(self) -> tuple[str, ...]:
        """Summary columns of the runs table: ``<indicator>__<summary>``."""
        return tuple(f"{i}__{s}" for i in self.indicators for s in self.summaries)


def _resolve(
    scenario: str, versus: str | None, place: str | None, overrides: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parameters of ``scenario`` and of ``versus`` (empty without one), each with
    the place profile and then ``overrides`` over it."""
    from ..places import with_place

    over = with_place(place, overrides)
    base = load_scenario_file(scenario, over).params.to_dict()
    vbase = load_scenario_file(versus, over).params.to_dict() if versus else {}
    return base, vbase


def list_experiments() -> list[str]:
    """Names of the shipped experiment files."""
    return names("coproduction._experiments")


def _err(source: str, msg: str) -> InputError:
    return InputError(f"experiment file {source}: {msg}")


def _check_keys(table: dict, allowed: set[str], where: str, source: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _err(
            source,
            f"unknown key {unknown[0]!r} in {where}; allowed keys are {', '.join(sorted(allowed))}",
        )


def _int(value: Any, key: str, source: str, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _err(source, f"key {key!r} = {value!r}: must be an integer >= {low}")
    return value


def _table(data: dict, key: str, source: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _err(source, f"key {key!r} = {value!r}: must be a table ([{key}])")
    return value


def _factor(name: str, spec: Any, method: str, source: str) -> Factor:
    where = f"factors.{name}"
    if name not in PARAMS:
        raise _err(source, f"factor {name!r} is not a model parameter.{suggest(name)}")
    if not isinstance(spec, dict):
        raise _err(source, f"key {where!r} = {spec!r}: must be a table with levels or low/high")
    _check_keys(spec, FACTOR_KEYS, where, source)
    p = PARAMS[name]
    if "levels" in spec:
        if method != "grid":
            raise _err(
                source,
                f"key '{where}.levels': explicit levels are for the grid sampler; "
                f"{method!r} needs low and high",
            )
        if set(spec) - {"levels"}:
            raise _err(source, f"factor {name!r}: give either levels or low/high, not both")
        levels = spec["levels"]
        if not isinstance(levels, list) or not levels:
            raise _err(source, f"key '{where}.levels' = {levels!r}: must be a non-empty list")
        checked = tuple(check_value(name, v, f"{source}, {where}.levels") for v in levels)
        if len(set(checked)) != len(checked):
            raise _err(source, f"key '{where}.levels' = {levels!r}: levels repeat")
        return Factor(name, levels=checked)
    if p.kind not in (int, float):
        raise _err(
            source,
            f"factor {name!r} is {p.allowed()}: give it explicit levels (grid sampler only)",
        )
    for key in ("low", "high"):
        if key not in spec:
            raise _err(source, f"factor {name!r}: missing key {key!r} (or give levels)")
    low = float(check_value(name, spec["low"], f"{source}, {where}.low"))
    high = float(check_value(name, spec["high"], f"{source}, {where}.high"))
    if not low < high:
        raise _err(source, f"factor {name!r}: low = {low:g} must be below high = {high:g}")
    steps = None
    if method == "grid":
        if "steps" not in spec:
            raise _err(source, f"factor {name!r}: a grid over a range needs 'steps' (>= 2)")
        steps = _int(spec["steps"], f"{where}.steps", source, low=2)
    elif "steps" in spec:
        raise _err(source, f"key '{where}.steps': only the grid sampler uses steps")
    return Factor(name, low=low, high=high, steps=steps)


def _sampler(data: dict, source: str) -> tuple[str, int | None, int, bool, int]:
    s = _table(data, "sampler", source)
    _check_keys(s, SAMPLER_KEYS, "[sampler]", source)
    method = s.get("method", "grid")
    if method not in SAMPLERS:
        raise _err(
            source,
            f"key 'sampler.method' = {method!r}: must be one of {', '.join(SAMPLERS)}",
        )
    n = s.get("n")
    if method == "grid":
        if n is not None:
            raise _err(source, "key 'sampler.n': the grid sampler takes no n (it uses levels)")
    else:
        if n is None:
            raise _err(source, f"sampler {method!r} needs 'sampler.n' (a positive integer)")
        n = _int(n, "sampler.n", source, low=2 if method == "morris" else 1)
        if method == "sobol" and n & (n - 1):
            raise _err(
                source,
                f"key 'sampler.n' = {n}: Sobol' sampling needs a power of 2 (e.g. "
                f"{2 ** round(math.log2(n))})",
            )
    seed = _int(s.get("seed", 0), "sampler.seed", source)
    second = s.get("second_order", False)
    if not isinstance(second, bool):
        raise _err(source, f"key 'sampler.second_order' = {second!r}: must be true or false")
    if second and method != "sobol":
        raise _err(source, "key 'sampler.second_order': only the sobol sampler uses it")
    levels = _int(s.get("levels", 4), "sampler.levels", source, low=2)
    if "levels" in s and method != "morris":
        raise _err(source, "key 'sampler.levels': only the morris sampler uses it")
    if levels % 2:
        raise _err(source, f"key 'sampler.levels' = {levels}: Morris levels must be even")
    return method, n, seed, second, levels


def _outputs(data: dict, source: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    o = _table(data, "outputs", source)
    _check_keys(o, OUTPUT_KEYS, "[outputs]", source)
    names = [n for n in ind.NAMES if n != "week"]
    inds = o.get("indicators", list(DEFAULT_INDICATORS))
    if not isinstance(inds, list) or not inds:
        raise _err(source, f"key 'outputs.indicators' = {inds!r}: must be a non-empty list")
    for i in inds:
        if i not in names:
            raise _err(
                source,
                f"key 'outputs.indicators': unknown indicator {i!r}; see docs/indicators.md "
                f"(e.g. {', '.join(DEFAULT_INDICATORS)})",
            )
    sums = o.get("summaries", ["mean_last_year"])
    if not isinstance(sums, list) or not sums:
        raise _err(source, f"key 'outputs.summaries' = {sums!r}: must be a non-empty list")
    for s in sums:
        if s not in SUMMARIES:
            raise _err(
                source,
                f"key 'outputs.summaries': {s!r} is not one of {', '.join(SUMMARIES)}",
            )
    traj = o.get("trajectories", True)
    if not isinstance(traj, bool):
        raise _err(source, f"key 'outputs.trajectories' = {traj!r}: must be true or false")
    return tuple(dict.fromkeys(inds)), tuple(dict.fromkeys(sums)), traj


def parse_experiment(text: str, source: str) -> Experiment:
    """Validate an experiment file's text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _err(source, f"malformed TOML ({exc})") from exc
    _check_keys(data, TOP_KEYS, "the top level", source)
    for key in ("name", "description", "scenario", "versus", "place"):
        if key in data and not isinstance(data[key], str):
            raise _err(source, f"key {key!r} = {data[key]!r}: must be a string")
    if "scenario" not in data:
        raise _err(source, "missing key 'scenario' (the base scenario, e.g. \"co_produced\")")
    replications = _int(data.get("replications", 1), "replications", source, low=1)
    weeks = _int(data.get("weeks", 520), "weeks", source, low=1)
    seed = _int(data.get("seed", 0), "seed", source)
    overrides = {
        k: check_value(k, v, f"{source}, [overrides]")
        for k, v in _table(data, "overrides", source).items()
    }
    method, n, sseed, second, mlevels = _sampler(data, source)
    ftable = _table(data, "factors", source)
    if not ftable:
        raise _err(source, "no [factors.<parameter>] tables: an experiment varies something")
    factors = tuple(_factor(k, v, method, source) for k, v in ftable.items())
    clash = sorted(set(overrides) & {f.name for f in factors})
    if clash:
        raise _err(source, f"parameter {clash[0]!r} is both an override and a factor")
    if method == "morris" and len(factors) < 2:
        raise _err(source, "the morris sampler needs at least 2 factors")
    inds, sums, traj = _outputs(data, source)
    versus, place = data.get("versus"), data.get("place")
    if versus is not None and versus == data["scenario"]:
        raise _err(source, f"versus = {versus!r} is the scenario itself; name another scenario")
    if place is not None:
        from ..places import load_place

        try:
            load_place(place)
        except InputError as exc:
            raise _err(source, f"place = {place!r} failed: {exc}") from exc
    try:
        base, _ = _resolve(data["scenario"], None, place, overrides)
    except InputError as exc:
        raise _err(source, f"scenario = {data['scenario']!r} failed: {exc}") from exc
    try:
        _, vbase = _resolve(data["scenario"], versus, place, overrides)
    except InputError as exc:
        raise _err(source, f"versus = {versus!r} failed: {exc}") from exc
    return Experiment(
        name=data.get("name") or Path(source).stem,
        description=data.get("description", ""),
        scenario=data["scenario"],
        source=source,
        replications=replications,
        weeks=weeks,
        seed=seed,
        overrides=overrides,
        method=method,
        n=n,
        sampler_seed=sseed,
        second_order=second,
        morris_levels=mlevels,
        factors=factors,
        indicators=inds,
        summaries=sums,
        trajectories=traj,
        text=text,
        base_params=base,
        versus=versus,
        versus_params=vbase,
        place=place,
    )


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Load and validate an experiment by name (shipped) or path."""
    text, source = locate(
        str(name_or_path), "experiment", "coproduction._experiments", "experiments"
    )
    return parse_experiment(text, source)
