"""The shape the design promises: the domain never imports Qt or the widgets, and no
widget writes to the database itself (every write goes through layar_ramah)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Calls that write, whatever the receiver: a peewee row or a raw statement.
WRITING_METHODS = {"save", "delete_instance", "insert_many", "bulk_create", "bulk_update", "replace_many"}
# Class-level writers of a peewee model (Model.create(...), Model.update(...).execute(), ...).
MODEL_WRITERS = {"create", "insert", "update", "delete", "replace", "get_or_create", "insert_from"}
WRITING_SQL = ("insert", "update", "delete", "replace", "create", "drop", "alter", "vacuum", "reindex", "attach")


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def forbidden_imports(source: str) -> list[str]:
    """Modules a domain file may not import: Qt and the widgets."""
    return [name for name in _imports(ast.parse(source))
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui")]


def database_writes(source: str) -> list[str]:
    """Each write to the database a widget file makes itself, as 'line: call'."""
    tree = ast.parse(source)
    models = {alias.asname or alias.name for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module == "layar_ramah.models"
              for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method in WRITING_METHODS:
            found.append(f"{node.lineno}: .{method}()")
        elif method in MODEL_WRITERS and isinstance(receiver, ast.Name) and receiver.id in models:
            found.append(f"{node.lineno}: {receiver.id}.{method}()")
        elif method in ("execute_sql", "execute", "executescript") and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                statement = first.value.strip().lower()
                if statement.startswith(WRITING_SQL) or (statement.startswith("pragma") and "=" in statement):
                    found.append(f"{node.lineno}: {method}({first.value.strip()[:30]!r})")
    return sorted(found, key=lambda text: int(text.split(":")[0]))


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_checks_find_what_they_look_for():
    assert forbidden_imports("from PySide6.QtCore import QObject\nimport ui.app\nimport peewee\n") == [
        "PySide6.QtCore", "ui.app"]
    widget = ("from layar_ramah.models import Request, db\n"
              "r.save()\nRequest.update(state='x').execute()\ndb.execute_sql('UPDATE request SET state = 1')\n"
              "self.update()\nparts.insert(0, 'x')\ndb.execute_sql('SELECT 1')\n")
    assert database_writes(widget) == [
        "2: .save()", "3: Request.update()", "4: execute_sql('UPDATE request SET state = 1')"]


@pytest.mark.parametrize("path", _files("layar_ramah"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_never_imports_qt_or_the_widgets(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", _files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_widget_writes_to_the_database(path):
    assert database_writes(path.read_text(encoding="utf-8")) == []


def test_importing_every_domain_module_loads_no_qt():
    """Also at run time: no domain module pulls Qt in through a library."""
    script = (
        "import importlib, pkgutil, sys\n"
        "import layar_ramah\n"
        "for m in pkgutil.walk_packages(layar_ramah.__path__, 'layar_ramah.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'ui')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
