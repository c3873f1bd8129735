"""``CoproductionModel``: a Mesa model that runs the weekly phases over array state."""

from __future__ import annotations

import copy
import functools
import inspect
import time
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from functools import partial
from typing import Any

import mesa
import numpy as np
import pandas as pd

from . import indicators as ind
from .agents import Citizen, Professional, Service
from .errors import InputError
from .mechanisms import PHASES
from .params import DEFAULTS, PARAMS, POLICY_NAMES, Params, make_params, parse_schedule
from .phases import Phase, check_plan, declared, plan_lines
from .state import CITIZEN_SCHEMA, MAX_WEEK, initialise, involvement_levers, start_week

#: Columns of the agent-level table (besides ``week`` and ``citizen_id``).
AGENT_COLUMNS = tuple(col.name for col in CITIZEN_SCHEMA if col.shown)
#: The categorical columns of the agent-level table and their codes.
_CATEGORIES = {col.name: col.codes for col in CITIZEN_SCHEMA if col.shown and col.codes}


#: ``agents=None`` (the default) creates Mesa agent objects up to this many citizens.
AGENTS_AUTO_MAX = 100_000


def _reporter(model: CoproductionModel, name: str) -> float:
    return model.indicators[name]


class IndicatorCollector(mesa.DataCollector):
    """Mesa's DataCollector with one model reporter per indicator. While its reporters
    are those, ``collect`` appends the week's indicators straight from
    ``model.indicators`` (floats: nothing to copy), the same table Mesa's generic path
    (a call and a deep copy per reporter) builds; any other set-up goes that way."""

    def __init__(self, names: Sequence[str]):
        self._names = tuple(names)
        super().__init__(
            model_reporters={name: partial(_reporter, name=name) for name in self._names}
        )

    def collect(self, model) -> None:
        plain = not (self.agent_reporters or self.agenttype_reporters)
        if not (plain and tuple(self.model_reporters) == self._names):
            super().collect(model)
            return
        self._collection_steps.append(model.time)
        values = model.indicators
        columns = self.model_vars
        for name in self._names:
            columns[name].append(values[name])


#: The scenario whose levers every run is spun up under (the reference).
REFERENCE = "top_down"
#: Spawn-key marker of the spin-up streams: ``(phase key, spin-up week, SPINUP_STREAM)``.
SPINUP_STREAM = 1
#: Spun-up states kept per process (seed and non-lever parameters), up to this size.
SPINUP_CACHE_SIZE = 16
SPINUP_CACHE_MAX_CITIZENS = 200_000
_SPINUP_CACHE: OrderedDict = OrderedDict()
#: The policy levers a spun-up state depends on even so: the draw of the workforce
#: reads the scenario's staffing level (the other levers act only from week 1).
SPINUP_LEVERS = ("professionals_per_1000",)


def spinup_factors(names: Sequence[str]) -> list[str]:
    """Those of ``names`` that a spun-up state depends on (besides the seed): every
    parameter but the policy levers, and ``SPINUP_LEVERS``."""
    return [n for n in names if n not in POLICY_NAMES or n in SPINUP_LEVERS]


def reference_params(params: Params) -> Params:
    """``params`` with every policy lever at its value in the reference scenario."""
    levers = _reference_levers()
    return params.model_copy(update={k: levers[k] for k in POLICY_NAMES})


@functools.cache
def _reference_levers() -> dict[str, Any]:
    from .scenarios import load_scenario_file

    return load_scenario_file(REFERENCE).params.to_dict()


def seed_from(rng: Any) -> int:
    """An integer seed from ``rng`` (int, Generator, SeedSequence or None for fresh entropy)."""
    if rng is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(rng, bool):
        raise InputError(f"rng = {rng!r}: must be an integer seed or a numpy Generator")
    if isinstance(rng, int | np.integer):
        if rng < 0:
            raise InputError(f"seed = {rng}: must be a non-negative integer")
        return int(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(2, np.uint64)[0] % (2**63))
    raise InputError(f"rng = {rng!r}: must be an integer seed or a numpy Generator")


def phase_key(name: str) -> int:
    """A stable integer key for a phase name (for its random stream)."""
    return zlib.crc32(name.encode("utf-8")) + 1  # 0 is the initialisation stream


class CoproductionModel(mesa.Model):
    """Co-production in public services, one step per week.

    Every parameter in ``coproduction.params`` is a keyword argument with its default;
    ``rng`` is the seed. A run is a pure function of (parameters, seed): one random stream
    per (phase name, week) is derived from the seed, so two scenarios run with the same seed
    share their random numbers wherever their mechanisms agree (common random numbers).

    Args:
        rng: integer seed (or Generator / None for fresh entropy; the seed used is
            ``model.seed``).
        agents: create Mesa agent objects (views onto the arrays; the arrays stay the
            state either way). ``None`` (default): only up to ``AGENTS_AUTO_MAX`` =
            100,000 citizens, since each object costs about a kilobyte and a Python
            call per access; ``True`` / ``False`` force it. ``coprod run`` never
            creates them.
        agents_every: keep a citizen-level table every K weeks (``agents_dataframe()``).
        phases: replace the weekly phases (sequence of ``(name, function)``, each
            function declaring what it reads and writes); the sequence is checked at
            construction (``coproduction.phases.check_plan``). See docs/extending.md.
        **params: model parameters (see ``docs/parameters.md``).
    """

    def __init__(
        self,
        *,
        rng: Any = None,
        agents: bool | None = None,
        agents_every: int | None = None,
        phases: Sequence[tuple[str, Any]] | None = None,
        scenario_name: str | None = None,
        **params: Any,
    ):
        self.params: Params = make_params(params, source="keyword arguments")
        self.seed = seed_from(rng)
        super().__init__(rng=self.seed)
        if agents_every is not None and (not isinstance(agents_every, int) or agents_every < 1):
            raise InputError(f"agents_every = {agents_every!r}: must be a positive integer")
        self.scenario_name = scenario_name or "custom"
        self.phases: tuple[Phase, ...] = tuple(
            declared(name, fn) for name, fn in (PHASES if phases is None else phases)
        )
        check_plan(self.phases)
        # each phase's random stream is keyed by its name, so adding or removing a phase
        # leaves the random numbers of every other phase unchanged
        self._phase_keys = [phase_key(ph.name) for ph in self.phases]
        self.agents_every = agents_every
        self.timings: dict[str, float] = {}
        t0 = time.perf_counter()
        #: How levers change over the run (``params.schedule``; empty: they hold).
        self.schedule = parse_schedule(self.params.schedule)
        self._params_cache: dict[tuple, Params] = {}
        self.state = self._start(phases is None)
        self._budget_start(self.state)
        n = self.state.citizens.n
        self.observer = ind.Observer(ind.clustering_sample_for(n, self._stream(0, 1)))
        self.timings["init_s"] = time.perf_counter() - t0
        if agents is None:
            agents = n <= AGENTS_AUTO_MAX
        if agents:
            Citizen.create_agents(self, n, np.arange(n))
            Professional.create_agents(
                self, self.state.professionals.m, np.arange(self.state.professionals.m)
            )
            Service.create_agents(self, self.state.services.s, np.arange(self.state.services.s))
        start_week(self.state)
        #: The indicators of the current week (computed by the observer after each step).
        self.indicators: dict[str, float] = self.observer.observe(
            self.state, self.params_at(self.state.week)
        )
        self.datacollector = IndicatorCollector(ind.NAMES)
        self._agent_frames: list[pd.DataFrame] = []
        self.running = True
        self.datacollector.collect(self)
        self._record_agents()

    # -- construction helpers ---------------------------------------------------------
    @classmethod
    def from_scenario(
        cls,
        name_or_path: str,
        *,
        rng: Any = None,
        agents: bool | None = None,
        agents_every: int | None = None,
        phases: Sequence[tuple[str, Any]] | None = None,
        place: str | None = None,
        **overrides: Any,
    ) -> CoproductionModel:
        """A model from a named scenario or a scenario file, with parameter overrides;
        ``place`` (a profile name or file, :mod:`coproduction.places`) sets the
        population, deprivation and services under the overrides."""
        from .scenarios import load_scenario_file

        if place is not None:
            from .places import with_place

            overrides = with_place(place, overrides)
        scen = load_scenario_file(name_or_path, overrides)
        return cls(
            rng=rng,
            agents=agents,
            agents_every=agents_every,
            phases=phases,
            scenario_name=scen.name,
            **scen.params.to_dict(),
        )

    def _start(self, cacheable: bool):
        """The state at week 0: drawn from the seed, then spun up for ``spinup_weeks``
        weeks (weeks ``1 - spinup_weeks`` to 0) under the reference (top_down) levers with
        streams of their own, so that every scenario run with this seed starts from the
        same stationary community. The spun-up state depends only on the seed and the
        non-lever parameters; it is computed once per process and reused (a copy)."""
        ref = reference_params(self.params)
        key = (
            self.seed,
            tuple(ref.to_dict().items()),
            *(getattr(self.params, n) for n in SPINUP_LEVERS),
        )
        cacheable = cacheable and ref.n_citizens <= SPINUP_CACHE_MAX_CITIZENS
        if cacheable and key in _SPINUP_CACHE:
            _SPINUP_CACHE.move_to_end(key)
            return copy.deepcopy(_SPINUP_CACHE[key])
        state = initialise(self.params, self._stream(0))
        state.budget_start, state.cut_week = ref.budget_per_citizen, -1  # no cut in spin-up
        state.levers_prev = involvement_levers(ref)  # week 1 changes from the reference
        weeks = ref.spinup_weeks
        state.week = -weeks
        for i in range(weeks):
            state.week += 1
            start_week(state)
            for pk, ph in zip(self._phase_keys, self.phases, strict=True):
                ph.fn(state, ref, self._stream(pk, i, SPINUP_STREAM))
        # run records start at week 0; the staff history carries on (turnover is stationary)
        r = state.records
        r.cost_cumulative = 0.0
        r.citizen_led.clear()
        r.service_activity.clear()
        if cacheable:
            _SPINUP_CACHE[key] = copy.deepcopy(state)
            while len(_SPINUP_CACHE) > SPINUP_CACHE_SIZE:
                _SPINUP_CACHE.popitem(last=False)
        return state

    def params_at(self, week: int) -> Params:
        """The parameters in force in ``week``: ``params`` with the scheduled levers at
        their values for that week (``params`` itself when nothing is scheduled)."""
        if not self.schedule:
            return self.params
        values = self.schedule.values_at(week, self.params.to_dict())
        key = tuple(values.values())
        p = self._params_cache.get(key)
        if p is None:
            p = self._params_cache[key] = self.params.model_copy(update=values)
        return p

    def _budget_start(self, state) -> None:
        """The budget a scheduled cut is measured against (the one in force at week 0),
        and the first week of a cut: the shorthand's, or the first week the schedule takes
        the budget below its week-0 value, whichever is earlier."""
        p = self.params
        state.cut_week = p.funding_cut_week if p.funding_cut_fraction > 0 else -1
        start = self.params_at(0).budget_per_citizen
        state.budget_start = float(start)
        if not self.schedule:
            return
        for week in range(self.schedule.constant_from() + 1):
            if self.params_at(week).budget_per_citizen < start:
                if state.cut_week < 0 or week < state.cut_week:
                    state.cut_week = week
                break

    def _stream(self, *key: int) -> np.random.Generator:
        ss = np.random.SeedSequence(entropy=self.seed, spawn_key=key)
        return np.random.Generator(np.random.PCG64(ss))

    # -- running ------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one week (``advance``), then observe and collect the indicators."""
        self.advance()
        self.collect()

    def advance(self) -> None:
        """The weekly phases in order, after the start of the week; no indicator is
        computed."""
        st = self.state
        st.week += 1
        start_week(st)
        params = self.params_at(st.week)
        for key, ph in zip(self._phase_keys, self.phases, strict=True):
            ph.fn(st, params, self._stream(key, st.week))

    def collect(self) -> None:
        """Compute the indicators of the current state and collect them (Mesa's
        DataCollector, and the agent-level table when due). Changes no model state."""
        self.indicators = self.observer.observe(self.state, self.params_at(self.state.week))
        self.datacollector.collect(self)
        self._record_agents()

    def run(self, weeks: int, progress: Any = None) -> CoproductionModel:
        """Advance ``weeks`` weeks from where the model is; returns the model.
        ``progress`` is an optional callable called with 1 after every week."""
        if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 0:
            raise InputError(f"weeks = {weeks!r}: must be a non-negative integer")
        if self.state.week + weeks > MAX_WEEK:
            raise InputError(
                f"weeks = {weeks}: a run can last at most {MAX_WEEK} weeks in all "
                f"(now at week {self.state.week})"
            )
        t0 = time.perf_counter()
        for _ in range(int(weeks)):
            self.step()
            if progress is not None:
                progress(1)
        self.timings["run_s"] = self.timings.get("run_s", 0.0) + time.perf_counter() - t0
        return self

    @property
    def week(self) -> int:
        return self.state.week

    def plan(self) -> Plan:
        """The weekly phases in order, each with the first sentence of its docstring and
        what it reads, reads as last week's value, and writes. Shows as text
        (``print(model.plan())``); ``.phases`` holds the ``Phase`` objects."""
        return Plan(self.phases)

    # -- outputs -------------------------------------------------------------------------
    def indicators_dataframe(self) -> pd.DataFrame:
        """The model-level table: one row per collected week, every indicator a column."""
        df = self.datacollector.get_model_vars_dataframe()
        return df.reset_index(drop=True).astype("float64")

    def _record_agents(self) -> None:
        k = self.agents_every
        if not k or self.state.week % k:
            return
        c = self.state.citizens
        cols = {
            "week": np.full(c.n, self.state.week, dtype=np.int32),
            "citizen_id": np.arange(c.n, dtype=np.int32),
        }
        for name in AGENT_COLUMNS:
            cols[name] = getattr(c, name).copy()
        self._agent_frames.append(pd.DataFrame(cols))

    def agents_dataframe(self) -> pd.DataFrame:
        """Citizen-level long table (``agents_every`` weeks apart): ``week``, ``citizen_id``
        (the array index) and every citizen array; age band, need kind and disposition
        as labelled categories."""
        if not self._agent_frames:
            return pd.DataFrame(columns=["week", "citizen_id", *AGENT_COLUMNS])
        df = pd.concat(self._agent_frames, ignore_index=True)
        for name, codes in _CATEGORIES.items():
            df[name] = pd.Categorical.from_codes(df[name], [c.label for c in codes])
        return df


class Plan:
    """The weekly plan of a model: its phases, shown as text with their declarations."""

    def __init__(self, phases: Sequence[Phase]):
        self.phases = tuple(phases)

    def lines(self) -> list[str]:
        return plan_lines(self.phases)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__


def _signature() -> inspect.Signature:
    kw = inspect.Parameter.KEYWORD_ONLY
    extra = [
        inspect.Parameter("rng", kw, default=None),
        inspect.Parameter("agents", kw, default=None),
        inspect.Parameter("agents_every", kw, default=None),
        inspect.Parameter("phases", kw, default=None),
        inspect.Parameter("scenario_name", kw, default=None),
    ]
    declared = [
        inspect.Parameter(name, kw, default=DEFAULTS[name], annotation=PARAMS[name].kind)
        for name in PARAMS
    ]
    self_p = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return inspect.Signature([self_p, *extra, *declared])


# Every parameter is a keyword argument with its default (Mesa's convention).
CoproductionModel.__init__.__signature__ = _signature()
