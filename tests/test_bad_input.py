"""Bad input on the command line: exit code 2, one plain error line, nothing left behind.

Each case runs ``coprod`` in a subprocess in an empty temporary folder (plus the input
files the case needs). The command must exit with code 2, print nothing on stdout and
a single error line on stderr (no traceback) that names the key, the value, what is
allowed and, where a file is involved, the file. When ``--out`` is given, the folder
must look exactly as it did before: no output folder, no temporary folder, no parent
folder created.

Errors found by argparse itself (an option whose value fails its type check, such as
``--weeks -5``) are printed the argparse way: a usage block, then one line
``coprod run: error: argument --weeks: ...``. Those cases accept the usage block and
check the last line instead.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from cli_helpers import TINY, coprod, describe, nonblank_lines, tree, write

BROKEN_EXTENDS = 'name = "broken"\ndescription = "Extends nothing."\nextends = "no_such_scenario"\n'
CYCLE_A = 'name = "a"\nextends = "b.toml"\n'
CYCLE_B = 'name = "b"\nextends = "a.toml"\n'
MALFORMED = 'name = "malformed\n[params\nco_design = \n'
TOP_LEVEL_KEY = 'name = "top"\nco_design = 0.5\n'
PARAMS_KEY = 'name = "params_key"\nextends = "top_down"\n\n[params]\nco_desing = 0.5\n'
PARAMS_VALUE = 'name = "value"\n\n[params]\nco_design = 2.0\n'

#: In a case's command line, {TINY} stands for a tiny run and {OUT} for ``--out out``,
#: given to commands that write results so that leftovers can be checked.
PLACEHOLDERS = {"TINY": " ".join(TINY), "OUT": "--out out"}


@dataclass(frozen=True)
class Case:
    #: The arguments of ``coprod``, split on whitespace after filling in PLACEHOLDERS.
    command: str
    #: Substrings the error line must contain (key, value, what is allowed, file).
    needles: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)
    #: The error comes from argparse: a usage block, then the error line.
    argparse: bool = False


CASES = {
    "unknown_key_suggests_close_key": Case(
        "run top_down {TINY} --set co_desing=0.5 {OUT}",
        ("co_desing", "0.5", "co_design"),
    ),
    "wrong_type_word_for_float": Case(
        "run top_down {TINY} --set co_design=abc {OUT}",
        ("co_design", "abc", "float in [0, 1]"),
    ),
    "wrong_type_fraction_for_int": Case(
        "run top_down {TINY} --set n_citizens=1.5 {OUT}",
        ("n_citizens", "1.5", "int in [10,"),
    ),
    "wrong_type_number_for_bool": Case(
        "run top_down {TINY} --set timebank=1 {OUT}",
        ("timebank", "1", "true or false"),
    ),
    "out_of_range": Case(
        "run top_down {TINY} --set co_design=1.5 {OUT}",
        ("co_design", "1.5", "[0, 1]"),
    ),
    "bad_choice": Case(
        "run top_down {TINY} --set reward=bitcoin {OUT}",
        ("reward", "bitcoin", "'none'", "'time_credits'", "'cash'"),
    ),
    "set_without_value": Case(
        "run top_down {TINY} --set co_design {OUT}",
        ("co_design", "key=value"),
    ),
    "joint_constraint": Case(
        "run top_down {TINY} --set share_conditional=0.8 --set share_free_rider=0.5 {OUT}",
        ("share_conditional", "share_free_rider", "1.3", "at most 1"),
    ),
    "unknown_scenario": Case(
        "run no_such_scenario {TINY} {OUT}",
        ("no_such_scenario", "top_down", "co_produced"),
    ),
    "broken_extends_chain": Case(
        "run broken.toml {TINY} {OUT}",
        ("broken.toml", "extends", "no_such_scenario", "top_down"),
        {"broken.toml": BROKEN_EXTENDS},
    ),
    "extends_cycle": Case(
        "run a.toml {TINY} {OUT}",
        ("a.toml", "b.toml", "extends", "cycle"),
        {"a.toml": CYCLE_A, "b.toml": CYCLE_B},
    ),
    "malformed_toml": Case(
        "run malformed.toml {TINY} {OUT}",
        ("malformed.toml", "TOML"),
        {"malformed.toml": MALFORMED},
    ),
    "unknown_top_level_key": Case(
        "run top.toml {TINY} {OUT}",
        ("top.toml", "co_design", "params"),
        {"top.toml": TOP_LEVEL_KEY},
    ),
    "unknown_key_in_params_table": Case(
        "run params_key.toml {TINY} {OUT}",
        ("params_key.toml", "co_desing", "co_design"),
        {"params_key.toml": PARAMS_KEY},
    ),
    "out_of_range_in_file": Case(
        "run value.toml {TINY} {OUT}",
        ("value.toml", "co_design", "2.0", "[0, 1]"),
        {"value.toml": PARAMS_VALUE},
    ),
    "negative_weeks": Case(
        "run top_down --weeks -5 {OUT}",
        ("--weeks", "-5", "0 or more"),
        argparse=True,
    ),
    "zero_replications": Case(
        "compare top_down co_produced {TINY} --replications 0 {OUT}",
        ("--replications", "0", "1 or more"),
        argparse=True,
    ),
    "output_below_a_file": Case(
        # CI runs as root, for whom a read-only folder is still writable: a path below a
        # regular file cannot be created by anyone.
        "run top_down {TINY} --out afile/out",
        ("--out", "afile"),
        {"afile": "a regular file\n"},
    ),
    "existing_output_without_force": Case(
        "run top_down {TINY} {OUT}",
        ("--out", "out", "not empty", "--force"),
        {"out/marker.txt": "earlier results\n"},
    ),
    "validate_malformed_file": Case(
        "scenarios validate malformed.toml",
        ("malformed.toml", "TOML"),
        {"malformed.toml": MALFORMED},
    ),
}

CASES["compare_unknown_scenario"] = Case(
    "compare top_down no_such_scenario {TINY} --replications 1 --workers 1 {OUT}",
    ("no_such_scenario", "top_down", "co_produced"),
)

CASES["compare_one_scenario"] = Case(
    "compare top_down {TINY} --replications 1 --workers 1 {OUT}",
    ("compare top_down", "a reference and at least one other", "coprod run top_down"),
)
CASES["report_one_scenario"] = Case(
    "report co_produced {TINY} --replications 1 --workers 1 --validation skip "
    "--structural-replications 0 --out r.html",
    ("report co_produced", "a reference and at least one other", "coprod run co_produced"),
)
CASES["sweep_set_on_a_factor"] = Case(
    "sweep prevention_vs_budget --set budget_per_citizen=900 {OUT}",
    ("budget_per_citizen=900", "'budget_per_citizen' is a factor", "prevention_vs_budget"),
)
CASES["sweep_scheduler_without_dask"] = Case(
    "sweep prevention_vs_budget --scheduler tcp://127.0.0.1:9 {OUT}",
    ("--scheduler", "tcp://127.0.0.1:9", "only with --backend dask"),
)
CASES["sweep_misspelt_backend"] = Case(
    "sweep prevention_vs_budget --backend dsk {OUT}",
    ("--backend", "'dsk'", "did you mean dask?"),
    argparse=True,
)
CASES["report_misspelt_validation"] = Case(
    "report top_down co_produced --validation quik --out r.html",
    ("--validation", "'quik'", "did you mean quick?"),
    argparse=True,
)
CASES["sweep_misspelt_experiment"] = Case(
    "sweep prevention_vs_budgt {OUT}",
    ("prevention_vs_budgt", "Did you mean prevention_vs_budget?"),
)
CASES["misspelt_place"] = Case(
    "run top_down {TINY} --place cardif {OUT}",
    ("cardif", "Did you mean cardiff?"),
)

CASE_PARAMS = [pytest.param(case, id=name) for name, case in CASES.items()]


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_bad_input(case: Case, tmp_path):
    for name, text in case.files.items():
        write(tmp_path / name, text)
    listing = tree(tmp_path)
    before = {p: (tmp_path / p).read_bytes() for p in listing if (tmp_path / p).is_file()}

    res = coprod(*case.command.format(**PLACEHOLDERS).split(), cwd=tmp_path)

    assert res.returncode == 2, describe(res)
    assert "Traceback" not in res.stderr, describe(res)
    assert res.stdout == "", describe(res)
    lines = nonblank_lines(res.stderr)
    assert lines, describe(res)
    if case.argparse:
        assert lines[0].startswith("usage: coprod"), describe(res)
        message = lines[-1]
        assert message.startswith("coprod ") and ": error: argument " in message, describe(res)
    else:
        assert len(lines) == 1, describe(res)
        message = lines[0]
        assert message.startswith("coprod: error: "), describe(res)
    for needle in case.needles:
        assert needle in message, f"{needle!r} not in {message!r}"

    # Nothing written, nothing left behind, the input files untouched.
    assert tree(tmp_path) == listing
    assert {path: (tmp_path / path).read_bytes() for path in before} == before


def usage_and_error(res) -> tuple[str, str]:
    """The first line (usage) and the last (the error) of an argparse error."""
    assert res.returncode == 2 and res.stdout == "", describe(res)
    assert "Traceback" not in res.stderr, describe(res)
    lines = nonblank_lines(res.stderr)
    return lines[0], lines[-1]


@pytest.mark.parametrize(
    ("command", "usage", "error"),
    [
        pytest.param(
            "run top_down --set co_design 0.5",
            "usage: coprod run ",
            "coprod run: error: unrecognized arguments: 0.5; did you mean --set co_design=0.5?",
            id="set_without_equals",
        ),
        pytest.param(
            "compare top_down co_produced --set=reward cash",
            "usage: coprod compare ",
            "coprod compare: error: unrecognized arguments: cash; did you mean --set reward=cash?",
            id="set_equals_form_without_equals",
        ),
        pytest.param(
            "sweep prevention_vs_budget --set n_citizens 300",
            "usage: coprod sweep ",
            "coprod sweep: error: unrecognized arguments: 300; did you mean --set n_citizens=300?",
            id="sweep_set_without_equals",
        ),
        pytest.param(
            "run top_down --wekks 3",
            "usage: coprod run ",
            "coprod run: error: unrecognized arguments: --wekks 3; did you mean --weeks?",
            id="misspelt_option",
        ),
        pytest.param(
            "rn top_down",
            "usage: coprod ",
            "did you mean run?",
            id="misspelt_command",
        ),
        pytest.param(
            "scenarios lst",
            "usage: coprod scenarios ",
            "did you mean list?",
            id="misspelt_action",
        ),
    ],
)
def test_unrecognised_arguments_show_the_command_usage_and_a_hint(command, usage, error, tmp_path):
    first, last = usage_and_error(coprod(*command.split(), cwd=tmp_path))
    assert first.startswith(usage), first
    assert last.endswith(error), last
    assert tree(tmp_path) == []


#: ``coprod`` with dask missing: an import of it fails as it would if it were not installed.
WITHOUT_DASK = (
    "import sys; sys.modules['dask'] = sys.modules['distributed'] = None; "
    "from coproduction.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_dask_backend_without_dask_fails_before_creating_the_output(tmp_path):
    res = subprocess.run(
        [sys.executable, "-c", WITHOUT_DASK, "sweep", "prevention_vs_budget", "--backend",
         "dask", "--out", "deep/out"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert res.returncode == 2, describe(res)
    lines = nonblank_lines(res.stderr)
    assert len(lines) == 1 and lines[0].startswith("coprod: error: --backend dask needs"), lines
    assert "pip install 'coproduction[dask]'" in lines[0]
    assert tree(tmp_path) == []
