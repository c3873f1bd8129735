"""No module of the package imports another module's private names (``from .x import
_y``, or ``x._y`` on an imported module); the layers themselves are checked by
``lint-imports`` (``[tool.importlinter]`` in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "model" / "coproduction"


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def crossings(source: str) -> list[str]:
    """Private names that ``source`` takes from other modules."""
    tree = ast.parse(source)
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if private(alias.name):
                    where = "." * node.level + (node.module or "")
                    found.append(f"line {node.lineno}: from {where} import {alias.name}")
                elif node.module is None:  # from . import viz: a module
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and private(node.attr)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_check_finds_what_it_looks_for():
    text = (
        "from .params import _DECLARED, PARAMS\n"
        "from . import viz\n"
        "import numpy as np\n"
        "from ._common import F32\n"  # a private module's public name (lint-imports' part)
        "x = viz._fmt(1) + np.core.x + viz.__name__\n"
    )
    assert crossings(text) == ["line 1: from .params import _DECLARED", "line 5: viz._fmt"]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_private_name_crosses_a_module_boundary(path):
    assert crossings(path.read_text(encoding="utf-8")) == []
