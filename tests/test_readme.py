"""Every code block in the README runs as a user would run it.

Python blocks are saved as a file and run as a script; TOML blocks are saved, validated
and run; shell blocks run in bash, line by line as written, with the installed
commands first on the PATH (``.venv/bin/`` stands for the environment running the
tests) and size options appended to the commands that would take long. A block the
tests cannot run says why in ``BLOCKS``; a new block that is not listed there fails
``test_every_block_is_accounted_for``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
#: Small sizes appended to long commands (a later option wins over an earlier one).
SMALL = "--replications 2 --weeks 20 --set n_citizens=200"
SMALL_RUN = "--weeks 20 --set n_citizens=200"


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    line: int

    @property
    def key(self) -> str:
        return self.text.strip().splitlines()[0].strip()


@dataclass(frozen=True)
class Plan:
    """How a block is run: ``how`` is python, toml, shell, app or skip (with ``why``);
    ``skip_lines``: line prefixes not run (with ``why``); ``sizes``: command prefix ->
    options appended to that command; ``env``: extra environment."""

    how: str
    why: str = ""
    skip_lines: tuple[str, ...] = ()
    sizes: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


BLOCKS: dict[str, Plan] = {
    "make demo": Plan(
        "skip",
        "make builds .venv itself (CI's .ci/run does exactly this on a clean clone); the "
        "demo is the pip route's comparison, run below at a small size, and make test is "
        "this suite",
    ),
    'PY=$(bash tools/find_python.sh) && "$PY" -m venv .venv      # or: python3.12 -m venv .venv': Plan(  # noqa: E501
        "shell",
        "creating and installing the environment is the step that gives these tests their "
        "interpreter (checked by hand on a fresh clone and by CI); pytest is this suite",
        skip_lines=("PY=", ".venv/bin/pip install", ".venv/bin/python -m pytest"),
        sizes={".venv/bin/coprod compare": SMALL},
    ),
    'name = "more_prevention"': Plan("toml"),
    'name = "design_first"': Plan("toml"),
    "coprod run co_produced --seed 3 --weeks 520 --out results/cp      # one run": Plan(
        "shell",
        sizes={
            "coprod run": SMALL_RUN,
            "coprod compare": SMALL,
            "coprod decompose": SMALL,
        },
    ),
    "import numpy as np": Plan("python"),
    "coprod app                      # then open http://localhost:8765/ in a browser": Plan("app"),
    "coprod sweep --list                                  # shipped experiments": Plan(
        "shell",
        sizes={"coprod sweep prevention_vs_budget": SMALL, "coprod sweep morris_screening": SMALL},
    ),
    "coprod sweep prevention_vs_budget --replications 1 --weeks 104 --set n_citizens=300 \\": Plan(
        "shell"
    ),
    ".venv/bin/jupyter nbconvert --to notebook --execute experiments/tutorial.ipynb --output-dir results/": Plan(  # noqa: E501
        "shell", env={"COPROD_TUTORIAL_SMALL": "1"}
    ),
    "# start_cluster.py: run on the login node and leave it running": Plan(
        "skip", "needs a SLURM cluster and dask-jobqueue"
    ),
    "coprod sweep levers_lhs --backend dask --scheduler tcp://10.0.0.5:8786 --out results/lhs": Plan(  # noqa: E501
        "skip",
        "needs the cluster above; the Dask backend itself is tested against a local "
        "cluster in test_experiments.py",
    ),
    "coprod run co_produced --set n_citizens=3100000 --weeks 520 --out results/wales": Plan(
        "shell", sizes={"coprod run": SMALL_RUN}
    ),
}


def blocks() -> list[Block]:
    out, lang, start, body = [], None, 0, []
    for i, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            if lang is None:
                lang, start, body = line[3:].strip(), i, []
            else:
                out.append(Block(lang, "\n".join(body) + "\n", start))
                lang = None
        elif lang is not None:
            body.append(line)
    assert lang is None, f"README.md:{start}: unclosed code block"
    return out


def plan(block: Block) -> Plan:
    return BLOCKS[block.key]


def runnable(how: str) -> list[Block]:
    return [b for b in blocks() if b.key in BLOCKS and plan(b).how == how]


def block_id(block: Block) -> str:
    return f"README.md:{block.line}"


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("MPLBACKEND", None)  # as a user has it: the notebook's kernel draws inline
    env.update(extra or {})
    return env


def shell_script(block: Block) -> str:
    """The block as run: skipped lines dropped, ``.venv/bin/`` pointing at this
    environment, size options appended to long commands (before a comment, ``&&`` or
    ``|``)."""
    p = plan(block)
    lines = []
    for line in block.text.splitlines():
        if any(line.startswith(prefix) for prefix in p.skip_lines):
            continue
        for prefix, extra in p.sizes.items():
            for m in reversed(list(re.finditer(re.escape(prefix), line))):
                rest = line[m.end() :]
                stop = re.search(r"\s+(#|&&|\|)", rest)
                cut = m.end() + (stop.start() if stop else len(rest))
                line = f"{line[:cut]} {extra}{line[cut:]}"
        lines.append(line.replace(".venv/bin/", f"{BIN}/"))
    return "set -euo pipefail\n" + "\n".join(lines) + "\n"


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900):
    res = subprocess.run(
        cmd, cwd=cwd, env=environment(env), capture_output=True, text=True, timeout=timeout
    )
    assert res.returncode == 0, (
        f"{cmd}\n--- stdout\n{res.stdout[-3000:]}\n--- stderr\n{res.stderr[-3000:]}"
    )  # noqa: E501
    return res


def workdir(tmp_path: Path) -> Path:
    """A directory laid out as a clone's root, for the commands that read its files."""
    (tmp_path / "experiments").mkdir()
    nb = ROOT / "experiments" / "tutorial.ipynb"
    (tmp_path / "experiments" / nb.name).write_bytes(nb.read_bytes())
    return tmp_path


def test_every_block_is_accounted_for():
    found = blocks()
    missing = [f"{block_id(b)}: {b.key!r}" for b in found if b.key not in BLOCKS]
    assert not missing, "README code blocks with no plan in tests/test_readme.py:\n" + "\n".join(
        missing
    )
    stale = set(BLOCKS) - {b.key for b in found}
    assert not stale, f"plans for blocks no longer in the README: {stale}"
    for b in found:
        p = plan(b)
        assert p.how in {"python", "toml", "shell", "app", "skip"}
        assert p.how != "skip" or p.why, f"{block_id(b)}: a skipped block says why"
        assert not p.skip_lines or p.why, f"{block_id(b)}: skipped lines say why"


@pytest.mark.parametrize("block", runnable("python"), ids=block_id)
def test_python_block_runs_as_a_script(block, tmp_path):
    script = tmp_path / "snippet.py"
    script.write_text(block.text, encoding="utf-8")
    res = run([sys.executable, str(script)], tmp_path)
    assert "mean wellbeing:" in res.stdout and "co_produced" in res.stdout


@pytest.mark.parametrize("block", runnable("toml"), ids=block_id)
def test_toml_block_is_a_scenario_that_runs(block, tmp_path):
    import tomllib

    name = tomllib.loads(block.text)["name"]
    path = tmp_path / f"{name}.toml"
    path.write_text(block.text, encoding="utf-8")
    run([str(BIN / "coprod"), "scenarios", "validate", str(path)], tmp_path)
    res = run([str(BIN / "coprod"), "run", str(path), *SMALL_RUN.split(), "--json"], tmp_path)
    assert json.loads(res.stdout)["scenario"] == name


@pytest.mark.parametrize("block", runnable("shell"), ids=block_id)
def test_shell_block_runs(block, tmp_path):
    cwd = workdir(tmp_path)
    script = shell_script(block)
    run(["bash", "-c", script], cwd, env=plan(block).env, timeout=1500)
    if "nbconvert" in block.text:
        nb = json.loads((cwd / "results" / "tutorial.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
        assert not [o for o in outputs if o["output_type"] == "error"]
        text = "".join(
            "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
            for o in outputs
        )
        assert "100 citizens, 8 weeks" in text and "'done': 6" in text
        assert any("image/png" in o.get("data", {}) for o in outputs)


def test_shell_lines_are_changed_only_by_appended_sizes():
    block = next(b for b in blocks() if b.key.startswith("coprod run co_produced --seed 3"))
    script = shell_script(block)
    assert "coprod run co_produced --seed 3 --weeks 520 --out results/cp " + SMALL_RUN in script
    assert f"--replications 5 --out results/dec {SMALL}    # which lever" in script


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("block", runnable("app"), ids=block_id)
def test_app_block_serves_the_page(block, tmp_path):
    for line in block.text.splitlines():
        cmd = line.split("#")[0].split()
        port = int(cmd[cmd.index("--port") + 1]) if "--port" in cmd else 8765
        if not _free(port):
            pytest.skip(f"port {port} is in use on this machine")
        proc = subprocess.Popen(
            cmd, cwd=tmp_path, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            deadline, body = time.monotonic() + 120, ""
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                        body = r.read().decode("utf-8", "replace")
                    break
                except OSError:
                    time.sleep(0.5)
            assert proc.poll() is None, proc.stderr.read().decode()
            assert "solara" in body.lower(), body[:500]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
