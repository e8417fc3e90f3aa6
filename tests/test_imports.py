"""Every module imports on its own, in a fresh interpreter, and imports only at its top.

An import cycle, or a registry that fills up only when some other module has
been imported first, shows here as a module that fails on its own.

For now this covers cqc_rate.core, cqc_rate.explanations and cqc_rate.render only:
`python -c "import cqc_rate.commands.score"` still fails on the cli <-> commands
cycle, which the cli/ restructuring removes; widen PACKAGES to the whole of
cqc_rate then.
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

PACKAGES = ("cqc_rate.core", "cqc_rate.explanations", "cqc_rate.render")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        path = importlib.import_module(package).__path__
        names += [m.name for m in pkgutil.walk_packages(path, prefix=package + ".")]
    return sorted(names)


MODULES = _modules()


def test_the_packages_have_modules():
    assert {"cqc_rate.explanations.steps", "cqc_rate.render.table.common", "cqc_rate.render.json"} <= set(MODULES)


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
    assert [n for n in names if "other" in n.rsplit(".", 1)[-1] and n.startswith(PACKAGES)] == []
