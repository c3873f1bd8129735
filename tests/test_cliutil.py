"""The helpers every ``coprod`` subcommand shares."""

from __future__ import annotations

import argparse

import pytest

from coproduction.cliutil import common_options, nonneg_int, parse_set, pos_int, progress_bar
from coproduction.errors import InputError


def test_parse_set_reads_toml_values_and_bare_words():
    got = parse_set(["co_design=0.8", "reward=cash", "timebank=true", "n_citizens=300"])
    assert got == {"co_design": 0.8, "reward": "cash", "timebank": True, "n_citizens": 300}
    assert parse_set(None) == {}


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("co_design", "expected key=value"),
        ("co_desing=0.5", "Did you mean co_design"),
        ("co_design=high", "float in [0, 1]"),
        ("co_design=2", "float in [0, 1]"),
    ],
)
def test_parse_set_errors_name_the_problem(item, words):
    with pytest.raises(InputError) as err:
        parse_set([item])
    assert words in str(err.value)


def test_integer_types():
    assert nonneg_int("--seed")("0") == 0
    assert pos_int("--weeks")("3") == 3
    with pytest.raises(argparse.ArgumentTypeError, match="--weeks '0': must be 1 or more"):
        pos_int("--weeks")("0")
    with pytest.raises(argparse.ArgumentTypeError, match="must be an integer"):
        nonneg_int("--seed")("x")


def test_common_options_and_quiet_progress(capsys):
    p = argparse.ArgumentParser()
    common_options(p)
    args = p.parse_args(["--set", "co_design=0.5", "--quiet", "--json"])
    assert (args.set, args.quiet, args.json) == (["co_design=0.5"], True, True)
    bar = progress_bar(args, 10, "runs", "run")
    bar.update(3)
    bar.close()
    assert capsys.readouterr().err == ""  # nothing on stderr with --quiet
    p = argparse.ArgumentParser()
    common_options(p, sets=False)
    with pytest.raises(SystemExit):
        p.parse_args(["--set", "co_design=0.5"])
