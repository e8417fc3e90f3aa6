"""Every module imports on its own, in a fresh interpreter, and imports only at its top.

An import cycle, or a registry that fills up only when some other module has
been imported first, shows here as a module that fails on its own.

Every module of the package is covered, found by walking it.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cqc_rate


def _modules() -> list[str]:
    # __main__ runs the command line when imported: that is its job.
    found = (m.name for m in pkgutil.walk_packages(cqc_rate.__path__, prefix="cqc_rate."))
    return sorted(["cqc_rate", *(name for name in found if name != "cqc_rate.__main__")])


MODULES = _modules()


def test_the_packages_have_modules():
    assert {"cqc_rate.explanations.steps", "cqc_rate.render.table.common", "cqc_rate.render.json",
            "cqc_rate.cli.score", "cqc_rate.api", "cqc_rate.method"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_on_its_own(module):
    run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def _source(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin)


@pytest.mark.parametrize("module", MODULES)
def test_no_import_below_the_top_of_a_module(module):
    """Module-level imports come before any definition (imports inside functions are fine)."""
    body = ast.parse(_source(module).read_text(encoding="utf-8")).body
    seen_definition = False
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert not seen_definition, f"{module}:{node.lineno}: import below a definition"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            seen_definition = True


def test_no_module_is_named_other():
    names = [m.name for m in pkgutil.walk_packages(cqc_rate.__path__, prefix="cqc_rate.")]
    assert [n for n in names if "other" in n.rsplit(".", 1)[-1]] == []


def test_no_module_imports_another_modules_private_names():
    """`from .x import _name` couples a module to another's insides: share a public name instead."""
    found = []
    for module in MODULES:
        for node in ast.walk(ast.parse(_source(module).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module is not None
                    and (node.level or node.module.startswith("cqc_rate"))):
                found += [f"{module}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_importing_the_main_module_runs_nothing() -> None:
    # `python -m cqc_rate` runs the app; importing cqc_rate.__main__ (as tools that walk a
    # package do) must not.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import cqc_rate.__main__"], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
