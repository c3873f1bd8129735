"""Load, validate and merge scenario files.

A scenario is a TOML file with ``name``, ``description``, an optional
``extends = "other_name_or_path"``, a ``[params]`` table of flat parameter keys and an
optional ``[schedule]`` table of how levers change over the run (see
:mod:`coproduction.schedule`; a scenario's schedule replaces, lever by lever, the one it
extends).
Named scenarios ship inside the package (the ``coproduction._catalogue`` data package,
the repository's top-level ``scenarios/`` folder) and resolve from any directory.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import locate, names
from .errors import InputError
from .params import (
    DEFAULTS,
    PARAMS,
    SCHEDULABLE,
    Params,
    check_value,
    make_params,
    parse_schedule,
)
from .schedule import EMPTY, Schedule, from_table, merged

TOP_KEYS = {"name", "description", "extends", "params", "schedule"}


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    params: Params
    source: str  # file the scenario came from
    chain: tuple[str, ...] = ()  # names/paths from this scenario up its extends chain
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def schedule(self) -> Schedule:
        """How the scenario's levers change over the run (empty: they hold)."""
        return parse_schedule(self.params.schedule)


def list_scenarios() -> list[str]:
    """Names of the shipped scenarios."""
    return names("coproduction._catalogue")


def _locate(name_or_path: str, relative_to: Path | None) -> tuple[str, str]:
    """(text, source label) of a scenario given by name or path (a relative path tried
    first against ``relative_to``, the file that extends it)."""
    near = []
    relative = isinstance(name_or_path, str) and not Path(name_or_path).is_absolute()
    if relative and name_or_path and relative_to is not None:
        near.append(relative_to / name_or_path)
    return locate(name_or_path, "scenario", "coproduction._catalogue", "scenarios", near)


def _read(name_or_path: str, relative_to: Path | None) -> tuple[dict, str]:
    text, source = _locate(name_or_path, relative_to)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"scenario file {source}: malformed TOML ({exc})") from exc
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise InputError(
            f"scenario file {source}: unknown top-level key {sorted(unknown)[0]!r}; allowed "
            f"keys are {', '.join(sorted(TOP_KEYS))} (parameters go in the [params] table)"
        )
    for key in ("name", "description", "extends"):
        if key in data and not isinstance(data[key], str):
            raise InputError(
                f"scenario file {source}: key {key!r} = {data[key]!r} must be a string"
            )
    if "params" in data and not isinstance(data["params"], dict):
        raise InputError(f"scenario file {source}: 'params' must be a table ([params])")
    for key, value in data.get("params", {}).items():
        if isinstance(value, dict):
            raise InputError(
                f"scenario file {source}: parameter {key!r} is a table; parameters are flat keys"
            )
        check_value(key, value, source)
    if "schedule" in data and not isinstance(data["schedule"], dict):
        raise InputError(f"scenario file {source}: 'schedule' must be a table ([schedule])")
    return data, source


def _own_schedule(data: dict, source: str) -> Schedule:
    """The schedule a file writes itself: its [schedule] table, or a ``schedule`` text in
    its [params] (not both)."""
    table = data.get("schedule")
    text = data.get("params", {}).get("schedule")
    if table is not None and text is not None:
        raise InputError(
            f"scenario file {source}: give the schedule once, as a [schedule] table or as "
            "params.schedule, not both"
        )
    if table is not None:
        return from_table(table, SCHEDULABLE, check_value, source)
    return parse_schedule(text, source) if text else EMPTY


def _identity(source: str) -> str:
    """A canonical name for cycle detection: the resolved path of a file."""
    p = Path(source)
    return str(p.resolve()) if p.is_file() else source


def _resolve(data: dict, source: str, seen: tuple[str, ...]):
    """Parameters of a read scenario with its ``extends`` chain applied, and the chain."""
    if _identity(source) in {_identity(s) for s in seen}:
        chain = " -> ".join([*seen, source])
        raise InputError(f"scenario file {source}: 'extends' forms a cycle ({chain})")
    params: dict[str, Any] = {}
    schedule = EMPTY
    chain: tuple[str, ...] = (source,)
    if "extends" in data:
        base_dir = Path(source).parent if Path(source).is_file() else None
        try:
            base_data, base_source = _read(data["extends"], base_dir)
        except InputError as exc:
            raise InputError(
                f"scenario file {source}: extends = {data['extends']!r} failed: {exc}"
            ) from exc
        base_params, base_chain = _resolve(base_data, base_source, (*seen, source))
        params.update(base_params)
        schedule = parse_schedule(params.get("schedule", ""), base_source)
        chain = (source, *base_chain)
    params.update(data.get("params", {}))
    schedule = merged(schedule, _own_schedule(data, source))
    params["schedule"] = schedule.text()
    if not params["schedule"]:
        del params["schedule"]
    return params, chain


def load_scenario_file(name_or_path: str, overrides: dict[str, Any] | None = None) -> Scenario:
    """Resolve a scenario (by name or path), follow its ``extends`` chain, apply overrides
    and validate everything. Errors name the key, the value, what is allowed and the file."""
    data, source = _read(name_or_path, None)
    params, chain = _resolve(data, source, ())
    merged = dict(params)
    for key, value in (overrides or {}).items():
        merged[key] = check_value(key, value, "overrides")
    label = f"{source} with overrides" if overrides else source
    validated = make_params(merged, source=label)
    name = data.get("name") or Path(source).stem
    return Scenario(
        name=name,
        description=data.get("description", ""),
        params=validated,
        source=source,
        chain=chain,
        overrides=dict(overrides or {}),
    )


def load_scenario(name_or_path: str, **overrides: Any) -> Params:
    """The validated parameters of a scenario, with keyword overrides."""
    return load_scenario_file(name_or_path, overrides).params


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_toml(
    params: Params | dict[str, Any], name: str, description: str = "", only_changed: bool = False
) -> str:
    """A loadable scenario file for ``params`` (every key, or only non-defaults)."""
    values = params.to_dict() if isinstance(params, Params) else dict(params)
    lines = [
        f"name = {_toml_value(name)}",
        f"description = {_toml_value(description)}",
        "",
        "[params]",
    ]
    for key in PARAMS:
        if key not in values or (only_changed and values[key] == DEFAULTS[key]):
            continue
        lines.append(f"{key} = {_toml_value(values[key])}")
    return "\n".join(lines) + "\n"
