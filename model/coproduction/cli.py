"""The ``coprod`` command.

Exit codes: 0 ok, 2 bad input (the message names the key, the value, what is allowed
and where it came from), 1 failure. With ``--json`` only JSON goes to stdout; progress
and logs go to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from .cliutil import (
    Parser,
    apply_threads,
    common_options,
    emit,
    log,
    nonneg_int,
    parse_set,
    place_and_set,
    pos_int,
    progress_bar,
    threads_option,
    unrecognised,
)
from .errors import InputError
from .params import DEFAULTS, PARAMS

EPILOG = "Parameters: `coprod params` lists every key with its unit, range and default."


# ------------------------------------------------------------------ commands ---------
def cmd_run(args) -> int:
    from . import indicators as ind
    from .comparison import indicator_summary, period
    from .formatting import number
    from .model import CoproductionModel
    from .outputs import OutputDir, dumps, provenance, write_text
    from .scenarios import load_scenario_file, to_toml

    overrides = place_and_set(args)
    scen = load_scenario_file(args.scenario, overrides)
    out = OutputDir(args.out, args.force) if args.out else None
    t0 = time.perf_counter()
    model = CoproductionModel(
        rng=args.seed,
        agents=False,
        agents_every=args.agents_every,
        scenario_name=scen.name,
        **scen.params.to_dict(),
    )
    bar = progress_bar(args, args.weeks, f"{scen.name} seed {args.seed}", "wk")
    try:
        model.run(args.weeks, progress=bar.update)
    finally:
        bar.close()
    df = model.indicators_dataframe()
    summary = indicator_summary(df)
    info = {
        "scenario": scen.name,
        "source": scen.source,
        "seed": args.seed,
        "weeks": args.weeks,
        "n_citizens": scen.params.n_citizens,
        "place": args.place,
        "overrides": overrides,
        "timings": {**model.timings, "total_s": time.perf_counter() - t0},
    }
    if out is not None:
        with out as tmp:
            df.to_parquet(tmp / "model.parquet", index=False)
            if args.agents_every:
                model.agents_dataframe().to_parquet(tmp / "agents.parquet", index=False)
            write_text(tmp / "scenario.toml", to_toml(scen.params, scen.name, scen.description))
            write_text(tmp / "run.json", dumps(provenance(**info)))
        log(args, f"wrote {args.out}")
    if args.json:
        emit(dumps({**info, "out": str(args.out) if args.out else None, "final_year": summary}))
    else:
        lines = [
            f"{scen.name}: {args.weeks} weeks, seed {args.seed}, "
            f"{scen.params.n_citizens:,} citizens. {period(args.weeks).capitalize()}, "
            f"running totals at the end:"
        ]
        w = max(len(n) for n in summary)
        for name, value in summary.items():
            v = number(value)
            lines.append(f"  {name.ljust(w)}  {v:>12}  {ind.unit(name)}")
        emit("\n".join(lines))
    return 0


def cmd_compare(args) -> int:
    from . import indicators as ind
    from . import uncertainty as unc
    from .appraisal import appraise
    from .appraisal import markdown as appraisal_markdown
    from .comparison import (
        VFM_ROWS,
        note_for,
        reliability_notes,
        resolve_uncertainty,
        run_replications,
        summarise,
        with_ensemble_columns,
    )
    from .ensemble import check_overrides
    from .groups import equity_gradient, equity_markdown, indicators_and_groups
    from .outputs import OutputDir, dumps, provenance, write_text
    from .plots import acceptability, comparison_figures, jcurve
    from .report import markdown_summary, text_table
    from .scenarios import load_scenario_file, to_toml

    overrides = place_and_set(args)
    ensemble = resolve_uncertainty(args.uncertainty, args.ensemble)
    if ensemble is not None:
        check_overrides(ensemble, parse_set(args.set))
    for name in args.scenarios:  # bad scenarios fail before any output or progress
        load_scenario_file(name, overrides)
    out = OutputDir(args.out, args.force) if args.out else None
    total = len(args.scenarios) * args.replications
    bar = progress_bar(args, total, "runs", "run")
    try:
        traj, reps, info = run_replications(
            args.scenarios,
            args.replications,
            args.weeks,
            args.seed,
            overrides,
            args.workers,
            bar.update,
            extractor=indicators_and_groups,
            ensemble=ensemble,
        )
    finally:
        bar.close()
    table = summarise(reps, args.scenarios)
    if ensemble is not None:
        table = with_ensemble_columns(table, reps, args.scenarios)
    groups = info.pop("extra")
    equity = equity_gradient(groups, args.scenarios)
    equity_md = equity_markdown(equity) if len(args.scenarios) > 1 else ""
    resolved = info.pop("resolved")
    info["place"] = args.place
    ref_params = resolved[args.scenarios[0]].params
    appraisal = appraise(traj, args.scenarios, ref_params, ref_params.n_citizens)
    appraisal_md = appraisal_markdown(appraisal, ref_params) if len(args.scenarios) > 1 else ""
    under, under_md = None, ""
    if ensemble is not None:
        under = unc.analyse(reps, appraisal, groups, args.scenarios, ensemble, ref_params)
        under_md = unc.markdown(under, info, ref_params, unc.SUMMARY_INDICATORS)
    notes = reliability_notes(args.replications, args.weeks, info["n_citizens"])
    if ensemble is not None and ensemble.place and ensemble.place != args.place:
        notes.append(
            f"ensemble {ensemble.name!r} was calibrated in place {ensemble.place!r}, and "
            f"this comparison runs in {args.place or 'no place profile'!r} (add --place "
            f"{ensemble.place})."
        )
    if out is not None:
        with out as tmp:
            traj.to_parquet(tmp / "trajectories.parquet", index=False)
            reps.to_parquet(tmp / "replications.parquet", index=False)
            table.to_parquet(tmp / "summary.parquet", index=False)
            summary_md = markdown_summary(table, args.scenarios, info)
            extra_md = "".join("\n" + md for md in (appraisal_md, equity_md, under_md) if md)
            write_text(tmp / "summary.md", summary_md + extra_md)
            groups.to_parquet(tmp / "groups.parquet", index=False)
            equity.to_parquet(tmp / "equity.parquet", index=False)
            for key in ("summary", "payback", "jcurve"):
                appraisal[key].to_parquet(tmp / f"appraisal_{key}.parquet", index=False)
            (tmp / "scenarios").mkdir()
            used: set[str] = set()
            for label, scen in resolved.items():
                safe = Path(label).stem
                while safe in used:  # two files with the same name in different folders
                    safe += "_"
                used.add(safe)
                write_text(
                    tmp / "scenarios" / f"{safe}.toml",
                    to_toml(scen.params, scen.name, scen.description),
                )
            first = resolved[args.scenarios[0]]
            write_text(tmp / "scenario.toml", to_toml(first.params, first.name, first.description))
            comparison_figures(traj, args.scenarios, tmp / "figures")
            if appraisal_md:
                people = int(appraisal["people"]["population"].iloc[0])
                jcurve(
                    appraisal["jcurve"],
                    appraisal["payback"],
                    people,
                    tmp / "figures" / "jcurve.png",
                )
            if under is not None:
                for key, frame in under.items():
                    if frame is not None:
                        frame.to_parquet(tmp / f"uncertainty_{key}.parquet", index=False)
                acceptability(
                    under["acceptability"],
                    ref_params.wellby_value,
                    tmp / "figures" / "acceptability.png",
                )
            # the result store layout, so `coprod results` reads a comparison too
            from .experiments.runner import store_comparison

            store_comparison(tmp, traj, reps, {**info, "resolved": resolved})
            write_text(tmp / "run.json", dumps(provenance(**info, note=note_for(info))))
        log(args, f"wrote {args.out}")
    if args.json:
        emit(dumps(table.to_dict(orient="records")))
    else:
        # every indicator: headline, the six effect areas, the rest, then value for money
        ordered = [*ind.HEADLINE, *(n for names in ind.EFFECT_AREAS.values() for n in names)]
        ordered += [n for n in ind.NAMES if n != "week"]
        ordered += list(VFM_ROWS)
        seen = list(dict.fromkeys(ordered))
        extra = "".join("\n\n" + md for md in (appraisal_md, equity_md, under_md) if md)
        warn = "".join(f"\n\nRead with care: {n}" for n in notes)
        emit(text_table(table, args.scenarios, seen, note_for(info)) + extra + warn)
    return 0


def cmd_scenarios(args) -> int:
    from .outputs import dumps
    from .scenarios import list_scenarios, load_scenario_file, to_toml

    if args.action == "list":
        rows = []
        for name in list_scenarios():
            s = load_scenario_file(name)
            rows.append(
                {
                    "name": name,
                    "description": " ".join(s.description.split()),
                    "extends": [Path(c).stem for c in s.chain[1:]],
                }
            )
        if args.json:
            emit(dumps(rows))
        else:
            w = max(len(r["name"]) for r in rows)
            emit("\n".join(f"{r['name'].ljust(w)}  {r['description']}" for r in rows))
        return 0
    if not args.target:
        raise InputError(f"coprod scenarios {args.action}: give a scenario name or file")
    s = load_scenario_file(args.target)
    changed = {k: v for k, v in s.params.to_dict().items() if v != DEFAULTS[k]}
    if args.action == "show":
        if args.json:
            emit(
                dumps(
                    {
                        "name": s.name,
                        "description": s.description,
                        "source": s.source,
                        "chain": list(s.chain),
                        "params": s.params.to_dict(),
                        "changed_from_defaults": changed,
                        "schedule": s.schedule.describe(s.params.to_dict()),
                    }
                )
            )
        else:
            timeline = s.schedule.describe(s.params.to_dict())
            emit(
                f"# resolved from: {' -> '.join(s.chain)}\n"
                + "".join(
                    f"# {line}\n" for line in ["schedule (week by week):", *timeline] if timeline
                )
                + to_toml(s.params, s.name, " ".join(s.description.split()))
            )
        return 0
    # validate
    if args.json:
        emit(
            dumps(
                {"ok": True, "name": s.name, "source": s.source, "changed_from_defaults": changed}
            )
        )
    else:
        emit(
            f"ok: {s.source} ({s.name}); {len(changed)} parameter(s) differ from defaults: "
            + (", ".join(f"{k}={v!r}" for k, v in changed.items()) or "none")
        )
    return 0


def cmd_places(args) -> int:
    from .outputs import dumps
    from .places import list_places, load_place

    if args.action == "list":
        places = [load_place(n) for n in list_places()]
        if args.json:
            emit(dumps([{"name": p.name, "kind": p.kind, "description": p.description}
                        for p in places]))  # fmt: skip
        else:
            w = max(len(p.name) for p in places)
            emit("\n".join(f"{p.name.ljust(w)}  {p.kind:<8}  {p.description}" for p in places))
        return 0
    if not args.target:
        raise InputError(f"coprod places {args.action}: give a place name or file")
    place = load_place(args.target)
    if args.json:
        emit(dumps({"name": place.name, "kind": place.kind, "description": place.description,
                    "source": place.source, "profile": place.profile,
                    "sources": place.sources, "overrides": place.overrides()}))  # fmt: skip
        return 0
    if args.action == "validate":
        emit(f"{place.source}: valid place profile {place.name!r} ({len(place.profile)} fields)")
        return 0
    lines = [f"# {place.name} ({place.kind}): {place.description}", f"# from {place.source}"]
    for key, value, unit, source in place.rows():
        lines.append(f"{key} = {value}  [{unit}]  # {source}")
    lines.append("# sets these parameters (over the scenario, under --set):")
    lines += [f"{k} = {v!r}" for k, v in place.overrides().items()]
    emit("\n".join(lines))
    return 0


def cmd_params(args) -> int:
    from .outputs import dumps

    rows = [
        {
            "name": p.name,
            "type": p.kind.__name__,
            "default": p.default,
            "allowed": p.allowed(),
            "unit": p.unit,
            "group": p.group,
            "lever": p.lever,
            "help": p.help,
            "source": p.source,
        }
        for p in PARAMS.values()
    ]
    if args.json:
        emit(dumps(rows))
        return 0
    lines, group = [], None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            lines.append(f"\n[{group}]")
        lines.append(f"  {r['name']} = {r['default']!r}  ({r['allowed']}; {r['unit'] or '-'})")
        lines.append(f"      {r['help']}")
    emit("\n".join(lines).lstrip("\n"))
    return 0


# ------------------------------------------------------------------ evidence ---------
def cmd_validate(args) -> int:
    """The held-out patterns and behavioural stylised facts, over the calibrated ensemble
    (or the defaults); exit 1 when any check fails (so CI can use it)."""
    import pandas as pd

    from .outputs import OutputDir, dumps, provenance, write_text
    from .validation import run_checks, text_table

    if args.defaults and args.ensemble is not None:
        raise InputError(
            f"--ensemble {args.ensemble!r} with --defaults: choose one (--defaults runs "
            "every replication at the parameter defaults)"
        )
    ensemble = None if args.defaults else (args.ensemble or "calibrate_wales")
    out = OutputDir(args.out, args.force) if args.out else None
    log(args, "validate: running the model for each check (fresh runs, nothing cached)")
    results, info = run_checks(
        quick=args.quick,
        only=args.check,
        replications=args.replications,
        workers=args.workers,
        ensemble=ensemble,
    )
    text = text_table(results, info)
    rows = [r.to_dict() for r in results]
    passed = all(r.passed for r in results)
    if out is not None:
        with out as tmp:
            table = pd.DataFrame([{k: v for k, v in r.items() if k != "values"} for r in rows])
            table.to_csv(tmp / "checks.csv", index=False)
            write_text(tmp / "validate.md", text + "\n")
            write_text(tmp / "run.json", dumps(provenance(**info, checks=rows)))
        log(args, f"wrote {args.out}")
    emit(dumps({"settings": info, "checks": rows, "all_passed": passed}) if args.json else text)
    return 0 if passed else 1


def cmd_targets(args) -> int:
    """Each observed target (coproduction.targets) beside the model at its defaults."""
    import pandas as pd

    from .outputs import OutputDir, dumps, provenance, write_text
    from .validation import measure_targets, targets_table

    out = OutputDir(args.out, args.force) if args.out else None
    log(args, "targets: running the model at its defaults in the Wales profile")
    results, info = measure_targets(
        role=args.role,
        quick=args.quick,
        replications=args.replications,
        workers=args.workers,
    )
    text = targets_table(results, info)
    rows = [r.to_dict() for r in results]
    if out is not None:
        with out as tmp:
            table = pd.DataFrame([{k: v for k, v in r.items() if k != "values"} for r in rows])
            table.to_csv(tmp / "targets.csv", index=False)
            write_text(tmp / "targets.md", text + "\n")
            write_text(tmp / "run.json", dumps(provenance(**info, targets=rows)))
        log(args, f"wrote {args.out}")
    emit(dumps({"settings": info, "targets": rows}) if args.json else text)
    return 0


def cmd_calibrate(args) -> int:
    """Fit the model's assumptions to the calibration targets (ABC-SMC); resumable."""
    import logging

    import pandas as pd

    from . import calibration
    from .runner import check_backend

    cal = calibration.load(args.config)
    check_backend(args.backend, args.scheduler)
    try:
        import pyabc  # noqa: F401
    except ImportError as exc:
        raise InputError(
            f"coprod calibrate needs pyabc, which cannot be imported ({exc}): "
            "pip install 'coproduction[calibrate]'"
        ) from None
    out = Path(args.out or Path("results") / cal.name)
    logging.getLogger("ABC").setLevel(logging.WARNING if args.quiet else logging.INFO)
    log(args, f"calibrate {cal.name}: {len(cal.parameters)} parameters, "
              f"{len(cal.targets)} targets, {cal.particles} particles, into {out}")  # fmt: skip
    from .outputs import dumps
    from .runner import default_workers

    workers = args.workers or default_workers()
    summary = calibration.run(
        cal, out, workers=workers, backend=args.backend, scheduler=args.scheduler, seed=args.seed
    )
    diag = pd.read_csv(out / "diagnostics.csv")
    ens = pd.read_csv(out / "ensemble.csv")
    emit(dumps(summary) if args.json else calibration.text_summary(summary, diag, ens, cal))
    return 0


def cmd_report(args) -> int:
    """One self-contained HTML file comparing scenarios, written atomically."""
    from .html_report import build
    from .outputs import write_text
    from .scenarios import load_scenario_file

    overrides = place_and_set(args)
    for name in args.scenarios:  # bad scenarios fail before any work
        load_scenario_file(name, overrides)
    if len(set(args.scenarios)) != len(args.scenarios):
        raise InputError(f"report: scenarios repeat ({', '.join(args.scenarios)})")
    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(f"--out {out}: file exists; use --force to replace it")
    if out.exists() and out.is_dir():
        raise InputError(f"--out {out}: is a directory; give a file name ending in .html")
    if not out.parent.exists():
        raise InputError(f"--out {out}: folder {out.parent} does not exist")
    total = len(args.scenarios) * args.replications
    bar = progress_bar(args, total, "runs", "run")
    try:
        text = build(
            args.scenarios,
            replications=args.replications,
            weeks=args.weeks,
            seed=args.seed,
            overrides=overrides,
            workers=args.workers,
            structural_replications=args.structural_replications,
            validation=args.validation,
            progress=bar.update,
            place=args.place or "",
        )
    finally:
        bar.close()
    write_text(out, text)
    log(args, f"wrote {out}")
    if args.json:
        from .outputs import dumps

        emit(dumps({"out": str(out), "bytes": len(text.encode("utf-8"))}))
    return 0


# ------------------------------------------------------------------ parser -----------
def cmd_app(args) -> int:
    """Serve the interactive page (see ``coproduction.appserve``)."""
    from .appserve import serve

    return serve(args.host, args.port)


def cmd_decompose(args) -> int:
    """The Shapley decomposition of a scenario's gain over the reference, lever by lever."""
    from .decomposition import INDICATORS, changed_levers, decompose, markdown
    from .outputs import OutputDir, dumps, provenance, write_text

    overrides = place_and_set(args)
    levers = changed_levers(args.scenario, args.reference, overrides)  # validates both
    out = OutputDir(args.out, args.force) if args.out else None
    total = 2 ** len(levers) * args.replications
    bar = progress_bar(args, total, f"{2 ** len(levers)} coalitions", "run")
    try:
        table = decompose(
            args.scenario, args.reference, INDICATORS, args.replications, args.weeks,
            args.seed, overrides, args.workers, bar.update,
        )  # fmt: skip
    finally:
        bar.close()
    text = markdown(table)
    if out is not None:
        with out as tmp:
            table.to_csv(tmp / "decomposition.csv", index=False)
            write_text(tmp / "decomposition.md", text)
            info = {"scenario": args.scenario, "reference": args.reference, "levers": levers,
                    "replications": args.replications, "weeks": args.weeks,
                    "seed": args.seed, "overrides": overrides}  # fmt: skip
            write_text(tmp / "run.json", dumps(provenance(**info)))
        log(args, f"wrote {args.out}")
    emit(dumps(table.to_dict(orient="records")) if args.json else text)
    return 0


def two_or_more_scenarios(args) -> None:
    """A comparison needs a reference and at least one other scenario (checked before any
    run starts); one scenario is for ``coprod run``."""
    if len(set(args.scenarios)) < 2:
        one = args.scenarios[0]
        other = "top_down" if one == "co_produced" else "co_produced"
        raise InputError(
            f"{args.command} {' '.join(args.scenarios)}: a comparison needs a reference and "
            f"at least one other scenario (e.g. coprod {args.command} {one} {other}); to run "
            f"one scenario alone use `coprod run {one}`"
        )


def replication_options(p: argparse.ArgumentParser) -> None:
    """The options of a comparison over paired replications (compare, report)."""
    p.add_argument(
        "--replications",
        type=pos_int("--replications"),
        default=10,
        help="seeds per scenario (default 10)",
    )
    p.add_argument("--weeks", type=pos_int("--weeks"), default=520, help="weeks (default 520)")
    p.add_argument(
        "--seed",
        type=nonneg_int("--seed"),
        default=0,
        help="replication r uses seed SEED + r (default 0)",
    )
    p.add_argument(
        "--workers",
        type=pos_int("--workers"),
        default=None,
        help="parallel processes (default: all cores)",
    )
    threads_option(p, pools=True)


def _evidence_options(p, replications_help: str, writes: str) -> None:
    """--replications, --workers, --out and --force of validate and targets."""
    p.add_argument(
        "--replications", type=pos_int("--replications"), default=None, help=replications_help
    )
    p.add_argument(
        "--workers", type=pos_int("--workers"), default=1, help="parallel processes (default 1)"
    )
    p.add_argument("--out", help=f"write {writes} and run.json here")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    common_options(p, sets=False)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="coprod",
        description="Agent-based model of co-production in public services: compare "
        "top-down ('done to') with co-produced ('done with') delivery.",
        epilog=EPILOG,
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("run", help="run one scenario", epilog=EPILOG)
    p.add_argument("scenario", help="scenario name (see `coprod scenarios list`) or TOML file")
    p.add_argument("--weeks", type=nonneg_int("--weeks"), default=520, help="weeks (default 520)")
    p.add_argument("--seed", type=nonneg_int("--seed"), default=0, help="random seed (default 0)")
    p.add_argument("--out", help="write model.parquet, scenario.toml and run.json here")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    p.add_argument(
        "--agents-every",
        type=pos_int("--agents-every"),
        default=None,
        metavar="K",
        help="also write agents.parquet every K weeks",
    )
    threads_option(p, pools=False)
    common_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="compare scenarios over replications", epilog=EPILOG)
    p.add_argument(
        "scenarios", nargs="+", help="scenario names or files; the first is the reference"
    )
    replication_options(p)
    p.add_argument(
        "--uncertainty",
        choices=("none", "ensemble"),
        default="none",
        help="none: every replication at the same parameters (intervals are simulation "
        "noise); ensemble: each replication runs its own member of a calibrated ensemble, "
        "the same member and seed in every scenario (default none)",
    )
    p.add_argument(
        "--ensemble",
        metavar="NAME",
        default=None,
        help="with --uncertainty ensemble: a shipped ensemble, a calibrate --out folder or "
        "an ensemble.csv (default: calibrate_wales)",
    )
    p.add_argument("--out", help="write Parquet results, summary.md and figures here")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    common_options(p)
    p.set_defaults(func=cmd_compare, precheck=two_or_more_scenarios)

    # -- experiments: sweep, results, sensitivity (coproduction.experiments.cli) --
    from .experiments.cli import register as register_experiments

    register_experiments(sub)

    p = sub.add_parser("scenarios", help="list, show or validate scenarios")
    p.add_argument("action", choices=("list", "show", "validate"))
    p.add_argument("target", nargs="?", help="scenario name (show) or file (validate)")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("places", help="list, show or validate place profiles")
    p.add_argument("action", choices=("list", "show", "validate"))
    p.add_argument("target", nargs="?", help="place name (show) or file (validate)")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_places)

    p = sub.add_parser("params", help="list every parameter with unit, range and default")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_params)

    # evidence: validation against published figures and the policy report
    p = sub.add_parser(
        "validate",
        help="check the model against what it was not fitted to (exit 1 if any check fails)",
        epilog="The held-out validation patterns of coproduction/targets.py and behavioural "
        "stylised facts measured on the model's own behaviour, in the Wales profile after a "
        "year's burn-in; replication r runs seed r with its own member of the calibrated "
        "ensemble. Targets, tolerances and sources are in coproduction/validation.py.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="1,000 citizens and 2 replications (default 2,000 and 20)",
    )
    p.add_argument("--check", action="append", metavar="NAME", help="run only this check")
    p.add_argument(
        "--ensemble",
        metavar="NAME",
        default=None,
        help="a shipped ensemble, a calibrate --out folder or an ensemble.csv "
        "(default: calibrate_wales)",
    )
    p.add_argument(
        "--defaults", action="store_true", help="run at the parameter defaults, not an ensemble"
    )
    _evidence_options(
        p, "seeds, each with its own member (default 20; --quick: 2)", "checks.csv, validate.md"
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "calibrate",
        help="fit the model's assumptions to the calibration targets (ABC-SMC, resumable)",
        epilog="The file names the parameters and their priors, the targets and the "
        "ensemble size (see calibrations/calibrate_wales.toml). Run the same command again "
        "to resume an interrupted calibration from its last finished generation.",
    )
    p.add_argument("config", help="calibration TOML file, or a shipped name (calibrate_wales)")
    p.add_argument("--out", help="result folder (default results/<name>)")
    p.add_argument(
        "--workers", type=pos_int("--workers"), default=None,
        help="parallel processes (default: all cores)",
    )  # fmt: skip
    p.add_argument(
        "--backend",
        choices=("serial", "process", "dask"),
        default="process",
        help="serial, process or dask (default process)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (with --backend dask)")
    p.add_argument("--seed", type=nonneg_int("--seed"), default=0, help="random seed (default 0)")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser(
        "targets",
        help="the observed targets (calibration and held-out) beside the model",
        epilog="Targets, their uncertainty, the split and the sources are in "
        "coproduction/targets.py and docs/validation.md.",
    )
    p.add_argument("--role", choices=("calibration", "validation"), help="only these targets")
    p.add_argument("--quick", action="store_true", help="fewer citizens and replications")
    _evidence_options(
        p, "seeds (default 4; --quick: 2, and 1,000 citizens instead of 2,000)",
        "targets.csv, targets.md",
    )  # fmt: skip
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("report", help="one self-contained HTML report comparing scenarios")
    p.add_argument(
        "scenarios", nargs="+", help="scenario names or files; the first is the reference"
    )
    p.add_argument("--out", default="report.html", help="HTML file to write (default report.html)")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    replication_options(p)
    p.add_argument(
        "--structural-replications",
        type=nonneg_int("--structural-replications"),
        default=5,
        help="replications per structural switch (0 skips the section; default 5)",
    )
    p.add_argument(
        "--validation",
        choices=("full", "quick", "skip"),
        default="full",
        help="validation checks to include (default full)",
    )
    common_options(p)
    p.set_defaults(func=cmd_report, precheck=two_or_more_scenarios)

    p = sub.add_parser(
        "decompose",
        help="split a scenario's gain over the reference between the levers it changes "
        "(Shapley values)",
    )
    p.add_argument("scenario", help="scenario name or TOML file")
    p.add_argument("--reference", default="top_down", help="reference scenario (default top_down)")
    p.add_argument("--replications", type=pos_int("--replications"), default=5,
                   help="seeds per coalition (default 5; at least 2)")  # fmt: skip
    p.add_argument("--weeks", type=pos_int("--weeks"), default=520, help="weeks (default 520)")
    p.add_argument("--seed", type=nonneg_int("--seed"), default=0, help="first seed (default 0)")
    p.add_argument("--workers", type=pos_int("--workers"), default=None,
                   help="parallel processes (default: all cores)")  # fmt: skip
    threads_option(p, pools=True)
    p.add_argument("--out", help="write decomposition.csv, decomposition.md and run.json here")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    common_options(p)
    p.set_defaults(func=cmd_decompose)

    # --- app: the interactive page (coproduction.app, served by appserve) ---
    p = sub.add_parser("app", help="serve the interactive page in a browser")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=pos_int("--port"), default=8765, help="port (default 8765)")
    p.set_defaults(func=cmd_app)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args, extra = parser.parse_known_args(argv)
    if extra:  # the sub-command's usage, and a hint for `--set KEY VALUE` or a misspelling
        command = parser.commands()[args.command]
        command.error(unrecognised(extra, argv, command))
    try:
        if getattr(args, "precheck", None) is not None:  # argument checks before any work
            args.precheck(args)
        apply_threads(args)
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"coprod: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coprod: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - report any failure with exit code 1
        traceback.print_exc(file=sys.stderr)
        print(f"coprod: failure: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
