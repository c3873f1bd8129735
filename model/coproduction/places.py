"""Place profiles: the population, deprivation and services of a real place.

A place profile is a TOML file with ``name``, ``description``, ``kind`` (urban, valleys,
rural, nation, ...), a ``[profile]`` table of the fields below and a ``[sources]``
table that gives, for every field used, where its figure comes from. A field left out
keeps the model's default (the Welsh figure): a profile says what is known of a place,
never more. Named profiles ship inside the package (the ``coproduction._places`` data
package, the repository's top-level ``places/`` folder); a path works too.

A profile becomes parameter overrides (:meth:`Place.overrides`), applied over the
scenario and under ``--set``, so that every profile field can also be changed with
``--set`` on the parameter it sets:

=====================  =========================================================
profile field           parameter(s) it sets
=====================  =========================================================
``residents``           ``population`` (to scale money to the place)
``share_age``           ``share_age_16_34``, ``share_age_35_54``, ``share_age_55_74``
                        (four shares of adults, 16-34, 35-54, 55-74, 75+)
``share_wimd``          ``share_wimd_1`` .. ``share_wimd_4`` (five shares of small
                        areas by WIMD 2019 fifth, most deprived first)
``wemwbs_mean``         ``wemwbs_mean``, re-centred so that the place's own
                        deprivation mix gives this mean
``share_carers``        ``share_carers``
``spending_index``      ``budget_per_citizen`` = the Welsh budget x the index (the
                        place's spending per adult on adult social care relative
                        to Wales's)
``staff_index``         ``professionals_per_1000`` = the Welsh staffing x the index
=====================  =========================================================
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass
from typing import Any

from .catalogue import locate, names
from .errors import InputError
from .params import DEFAULTS, check_value

TOP_KEYS = {"name", "description", "kind", "profile", "sources"}

#: Profile fields: (what it is, unit, low, high, length for a list of shares or 0).
FIELDS: dict[str, tuple[str, str, float, float, int]] = {
    "residents": ("usual residents, all ages", "people", 1, 5_000_000, 0),
    "share_age": ("shares of adults aged 16-34, 35-54, 55-74 and 75+", "shares", 0, 1, 4),
    "share_wimd": (
        "shares of small areas (LSOAs) in WIMD 2019 fifths 1 (most deprived) to 5",
        "shares",
        0,
        1,
        5,
    ),
    "wemwbs_mean": ("mean mental wellbeing of adults", "WEMWBS points", 14, 70, 0),
    "share_carers": ("share of residents who provide unpaid care", "share", 0, 0.5, 0),
    "spending_index": (
        "spending per adult on adult social care relative to Wales (Wales = 1)",
        "ratio",
        0.2,
        5,
        0,
    ),
    "staff_index": (
        "social care staff per 1,000 adults relative to Wales (Wales = 1)",
        "ratio",
        0.2,
        5,
        0,
    ),
}


@dataclass(frozen=True)
class Place:
    name: str
    description: str
    kind: str
    profile: dict[str, Any]
    sources: dict[str, str]
    source: str  # file the profile came from

    def overrides(self, gap: float | None = None) -> dict[str, Any]:
        """The parameter values the profile sets. ``gap`` is the wellbeing gap between
        the least and the most deprived fifth used to re-centre ``wemwbs_mean`` (the
        default's unless given)."""
        p = self.profile
        out: dict[str, Any] = {}
        if "residents" in p:
            out["population"] = int(p["residents"])
        if "share_age" in p:
            a = p["share_age"]
            out |= {"share_age_16_34": a[0], "share_age_35_54": a[1], "share_age_55_74": a[2]}
        shares = p.get("share_wimd", [0.2] * 5)
        if "share_wimd" in p:
            out |= {f"share_wimd_{q + 1}": shares[q] for q in range(4)}
        if "wemwbs_mean" in p:
            # wemwbs_mean is the mean at the Welsh mix; the offset of fifth q is
            # gap * (q / 4 - 1/2), so the place's mean is wemwbs_mean + gap * (mean q/4 - 1/2)
            g = DEFAULTS["deprivation_wemwbs_gap"] if gap is None else gap
            mean_q = sum(q * s for q, s in enumerate(shares)) / 4
            out["wemwbs_mean"] = round(p["wemwbs_mean"] - g * (mean_q - 0.5), 4)
        if "share_carers" in p:
            out["share_carers"] = p["share_carers"]
        if "spending_index" in p:
            out["budget_per_citizen"] = round(
                DEFAULTS["budget_per_citizen"] * p["spending_index"], 2
            )
        if "staff_index" in p:
            out["professionals_per_1000"] = round(
                DEFAULTS["professionals_per_1000"] * p["staff_index"], 4
            )
        return {k: check_value(k, v, self.source) for k, v in out.items()}

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(field, value, unit, source) for every field of the profile, in FIELDS order."""
        out = []
        for key, (_, unit, *_rest) in FIELDS.items():
            if key in self.profile:
                v = self.profile[key]
                text = ", ".join(f"{x:g}" for x in v) if isinstance(v, list) else f"{v:g}"
                out.append((key, text, unit, self.sources[key]))
        return out


def list_places() -> list[str]:
    """Names of the shipped place profiles."""
    return names("coproduction._places")


def _check_field(key: str, value: Any, source: str) -> Any:
    what, unit, low, high, length = FIELDS[key]
    where = f"place file {source}: field {key!r} = {value!r}"
    if length:
        if not isinstance(value, list) or len(value) != length:
            raise InputError(f"{where}: must be a list of {length} numbers ({what})")
        items = value
    else:
        items = [value]
    for x in items:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise InputError(f"{where}: {x!r} is not a number ({what}, {unit})")
        if not low <= x <= high:
            raise InputError(f"{where}: {x!r} is outside [{low:g}, {high:g}] {unit} ({what})")
    if length and abs(sum(items) - 1) > 0.01:
        raise InputError(f"{where}: the shares sum to {sum(items):.4g}, not 1 ({what})")
    if length:
        total = sum(items)
        return [float(x) / total for x in items]  # rounding in the source, spread evenly
    return value


def load_place(name_or_path: str) -> Place:
    """The place profile by name (shipped) or path; every field and source checked."""
    text, source = locate(name_or_path, "place", "coproduction._places", "places")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"place file {source}: malformed TOML ({exc})") from exc
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise InputError(
            f"place file {source}: unknown top-level key {sorted(unknown)[0]!r}; allowed keys "
            f"are {', '.join(sorted(TOP_KEYS))}"
        )
    for key in ("name", "description", "kind"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise InputError(f"place file {source}: key {key!r} must be a non-empty string")
    profile, sources = data.get("profile", {}), data.get("sources", {})
    if not isinstance(profile, dict) or not isinstance(sources, dict):
        raise InputError(f"place file {source}: 'profile' and 'sources' must be tables")
    checked = {}
    for key, value in profile.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, list(FIELDS), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise InputError(
                f"place file {source}: unknown profile field {key!r}; fields are "
                f"{', '.join(FIELDS)}.{hint}"
            )
        checked[key] = _check_field(key, value, source)
        if not isinstance(sources.get(key), str) or not sources[key].strip():
            raise InputError(
                f"place file {source}: profile field {key!r} has no source: every figure "
                "needs one in [sources] (leave a field out rather than invent it)"
            )
    stray = set(sources) - set(checked)
    if stray:
        raise InputError(
            f"place file {source}: [sources] names {sorted(stray)[0]!r}, which is not a "
            "field of [profile]"
        )
    place = Place(data["name"], data["description"], data["kind"], checked, dict(sources), source)
    place.overrides()  # every parameter it sets is in range
    return place


def with_place(place: str | None, overrides: dict[str, Any]) -> dict[str, Any]:
    """``overrides`` over the parameters the place profile sets (none without a place), its
    wellbeing re-centred with the overridden deprivation gap when there is one."""
    if not place:
        return dict(overrides)
    gap = overrides.get("deprivation_wemwbs_gap")
    return {**load_place(place).overrides(gap), **overrides}
