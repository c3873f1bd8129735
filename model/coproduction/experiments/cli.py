"""The ``coprod sweep``, ``coprod results`` and ``coprod sensitivity`` subcommands."""

from __future__ import annotations

import signal
from pathlib import Path

from ..cliutil import (
    common_options,
    emit,
    log,
    parse_set,
    pos_int,
    progress_bar,
    set_option,
    threads_option,
)
from ..errors import InputError

SWEEP_EPILOG = (
    "Named experiments: `coprod sweep --list`. Rerunning the same command resumes: "
    "finished runs are skipped. Try an experiment small without copying its file: "
    "--replications 1 --weeks 104 --set n_citizens=300 (into its own --out). Dask: "
    "--backend dask (a LocalCluster with --workers processes) or --scheduler "
    "tcp://HOST:8786 for an existing cluster (e.g. dask-jobqueue)."
)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


def cmd_sweep(args) -> int:
    from ..outputs import dumps
    from .spec import list_experiments, load_experiment

    if args.list:
        names = list_experiments()
        if args.json:
            emit(dumps(names))
        else:
            for name in names:
                exp = load_experiment(name)
                emit(f"{name.ljust(max(map(len, names)))}  {' '.join(exp.description.split())}")
        return 0
    if not args.experiment:
        raise InputError("coprod sweep: give an experiment name or file (see --list)")
    from ..runner import check_backend
    from .runner import sweep
    from .store import command_line_text

    check_backend(args.backend, args.scheduler)
    exp = load_experiment(args.experiment).adjusted(
        args.replications, args.weeks, parse_set(args.set)
    )
    out = args.out or str(Path("results") / exp.name)
    changed = command_line_text(exp.command_line)
    label = f"{exp.name} ({changed})" if changed else exp.name
    # SIGTERM (kill, a batch scheduler's time limit) unwinds like Ctrl-C, so the worker
    # processes are stopped too; finished batches are already in the store.
    signal.signal(signal.SIGTERM, _terminated)
    bar = {}

    def start(total: int, pending: int) -> None:
        log(args, f"{label}: {total} runs, {total - pending} already finished -> {out}")
        if args.quiet:
            return
        bar["t"] = progress_bar(args, total, exp.name, "run", initial=total - pending, leave=True)
        bar["done"], bar["failed"] = 0, 0
        bar["t"].set_postfix(done=0, failed=0)

    def progress(done: int, failed: int) -> None:
        if "t" in bar:
            bar["done"] += done
            bar["failed"] += failed
            bar["t"].set_postfix(done=bar["done"], failed=bar["failed"])
            bar["t"].update(done + failed)

    try:
        summary = sweep(
            exp,
            out,
            backend=args.backend,
            workers=args.workers,
            scheduler=args.scheduler,
            batch_size=args.batch_size,
            retry_failed=args.retry_failed,
            progress=progress,
            start=start,
        )
    finally:
        if "t" in bar:
            bar["t"].close()
    if summary["pending"] == 0 and summary["done"] and not args.no_plots:
        from .plots import sweep_figures
        from .results import open_results

        with open_results(out) as res:
            figs = sweep_figures(res)
        summary["figures"] = [str(f) for f in figs]
    if args.json:
        emit(dumps(summary))
    else:
        emit(
            f"{label}: {summary['done']} done, {summary['failed']} failed, "
            f"{summary['pending']} pending of {summary['runs']} runs "
            f"(this call: {summary['this_call']['done']} done, "
            f"{summary['this_call']['failed']} failed in {summary['wall_s']:.1f} s) -> {out}"
        )
        if summary["failed"]:
            emit(
                f'  failed runs: coprod results {out} --sql "SELECT run_id, error FROM runs '
                "WHERE status = 'failed'\"; rerun with --retry-failed to retry them"
            )
    return 1 if summary["failed"] else 0


def cmd_results(args) -> int:
    import pandas as pd

    from ..outputs import dumps, write_text
    from .results import open_results
    from .store import command_line_text

    with open_results(args.dir) as res:
        if args.plots:
            from .plots import sweep_figures

            for f in sweep_figures(res):
                log(args, f"wrote {f}")
        if args.sql or args.csv:
            df = res.sql(args.sql) if args.sql else res.runs()
            if args.csv:
                try:
                    write_text(Path(args.csv), df.to_csv(index=False))
                except OSError as exc:
                    raise InputError(f"--csv {args.csv}: cannot write ({exc})") from exc
                log(args, f"wrote {args.csv} ({len(df)} rows)")
            if args.sql and not args.csv:
                if args.json:
                    emit(dumps(df.to_dict(orient="records")))
                else:
                    with pd.option_context("display.max_rows", 200, "display.width", 200):
                        emit(df.to_string(index=False))
            return 0
        counts = res.counts()
        means = res.point_means()
        info = {
            "dir": str(res.path),
            "kind": res.meta.get("kind"),
            "name": res.meta.get("name"),
            "factors": res.factors,
            "command_line": res.meta.get("command_line") or {},
            **counts,
            "attempts": int(res.sql("SELECT count(*) AS n FROM attempts")["n"].iloc[0]),
        }
        if args.json:
            emit(dumps({**info, "points": means.to_dict(orient="records")}))
            return 0
        changed = command_line_text(info["command_line"])
        lines = [
            f"{info['name']} ({info['kind']}) in {info['dir']}"
            + (f", made with {changed}" if changed else ""),
            f"runs: {counts['runs']}  done: {counts['done']}  failed: {counts['failed']}  "
            f"pending: {counts['pending']}  attempts: {info['attempts']}",
        ]
        show = [c for c in means.columns if c not in ("point", "n")]
        if res.meta.get("kind") == "compare":
            show = ["scenario", *[c for c in ind_headline() if c in show]]
        else:
            show = [c for c in show if c != "scenario"]
        if len(means):
            lines.append("Means over replications by point (first 30):")
            with pd.option_context("display.width", 250, "display.max_columns", 30):
                lines.append(means[["point", "n", *show]].head(30).to_string(index=False))
        lines.append(
            f'Query: coprod results {args.dir} --sql "SELECT * FROM runs LIMIT 5" '
            "(views: runs, design, trajectories, attempts)"
        )
        emit("\n".join(lines))
    return 0


def ind_headline() -> list[str]:
    from .. import indicators as ind

    return [f"{n}__mean_last_year" for n in ind.HEADLINE]


def cmd_sensitivity(args) -> int:
    from ..outputs import dumps
    from .sensitivity import save, sensitivity, text_table

    table = sensitivity(args.dir, args.output or None)
    figs = save(table, args.dir)
    for f in figs:
        log(args, f"wrote {f}")
    if args.json:
        emit(dumps(table.to_dict(orient="records")))
    else:
        emit(text_table(table))
    return 0


def register(sub) -> None:
    """Add the three subcommands to ``coprod``'s subparsers."""
    p = sub.add_parser(
        "sweep",
        help="run (or resume) an experiment into a result store",
        epilog=SWEEP_EPILOG,
    )
    p.add_argument("experiment", nargs="?", help="experiment name (see --list) or TOML file")
    p.add_argument("--list", action="store_true", help="list the shipped experiments")
    p.add_argument("--out", help="result store directory (default results/<name>)")
    p.add_argument(
        "--workers",
        type=pos_int("--workers"),
        default=None,
        help="parallel workers (default: all cores)",
    )
    threads_option(p, pools=True)
    p.add_argument(
        "--replications",
        type=pos_int("--replications"),
        metavar="N",
        help="seeds per design point, instead of the experiment's",
    )
    p.add_argument(
        "--weeks",
        type=pos_int("--weeks"),
        metavar="N",
        help="weeks per run, instead of the experiment's",
    )
    set_option(
        p,
        "change a fixed parameter (repeatable; over the experiment's [overrides], not a "
        "factor); the value is read as TOML, bare words allowed for text parameters",
    )
    p.add_argument(
        "--backend",
        choices=("serial", "process", "dask"),
        default="process",
        help="serial, process (a spawn pool) or dask (default process)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (with --backend dask), e.g. tcp://host:8786",
    )
    p.add_argument(
        "--batch-size",
        type=pos_int("--batch-size"),
        default=None,
        help="runs per task (default: about 4 batches per worker, at most 25)",
    )
    p.add_argument("--retry-failed", action="store_true", help="run failed runs again")
    p.add_argument("--no-plots", action="store_true", help="skip the figures at the end")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("results", help="summarise, query (DuckDB SQL) or export a result store")
    p.add_argument("dir", help="a result store (from coprod sweep or coprod compare --out)")
    p.add_argument(
        "--sql", help="a DuckDB query over the views runs, design, trajectories, attempts"
    )
    p.add_argument("--csv", metavar="FILE", help="export the query (or the runs table) as CSV")
    p.add_argument("--plots", action="store_true", help="(re)draw the sweep figures")
    common_options(p, sets=False)
    p.set_defaults(func=cmd_results)

    p = sub.add_parser("sensitivity", help="Sobol' or Morris indices of a finished sweep")
    p.add_argument("dir", help="result store of a sobol or morris experiment")
    p.add_argument(
        "--output",
        action="append",
        metavar="COLUMN",
        help="summary column to analyse (repeatable; default all)",
    )
    common_options(p, sets=False)
    p.set_defaults(func=cmd_sensitivity)
