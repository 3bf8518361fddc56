"""The shape the design promises: the domain never imports Qt or the widgets; no widget
writes to the database itself (every write goes through layar_ramah), and no widget reads
it through peewee either: every read is a layar_ramah function (queries, admin, ...), so
what a screen shows is decided in one place."""

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
# A model's query methods: a widget asks a layar_ramah function instead.
QUERY_METHODS = {"select", "get", "get_or_none", "get_by_id", "get_or_create", "raw", "filter", "exists",
                 "count", "scalar", "iterator", "noop"}
# Spelled out once, in layar_ramah/wording.py (and read from there by every screen).
DAY_AND_MONTH_NAMES = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Januari", "Februari",
                       "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
                       "Desember", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"}
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


def database_reads(source: str) -> list[str]:
    """Each read through peewee a widget file makes itself, as 'line: what': a model's
    query method, the connection object, or peewee imported at all."""
    tree = ast.parse(source)
    models = {alias.asname or alias.name for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module == "layar_ramah.models"
              for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] == "peewee" or a.name == "layar_ramah.models"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "peewee":
                found.append(f"{node.lineno}: from {node.module} import")
            elif node.module == "layar_ramah" and any(a.name == "models" for a in node.names):
                found.append(f"{node.lineno}: from layar_ramah import models")
            elif node.module == "layar_ramah.models" and any(a.name == "db" for a in node.names):
                found.append(f"{node.lineno}: the connection (db)")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in models and node.attr in QUERY_METHODS:
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return sorted(found, key=lambda text: int(text.split(":")[0]))


def spelled_day_names(source: str) -> list[str]:
    """Day and month names written as text in a file (wording.py is their home)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in DAY_AND_MONTH_NAMES:
            found.append(f"{node.lineno}: {node.value}")
    return found


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


def test_the_read_checks_find_what_they_look_for():
    widget = ("import peewee\nfrom layar_ramah.models import Officer, Request, db\n"
              "Officer.get_or_none(Officer.id == 1)\nrows = Request.select().where(Request.id > 0)\n"
              "officer: Officer | None = None\nisinstance(x, Request)\nself.select(3)\nfound.get('x')\n")
    assert database_reads(widget) == ["1: import peewee", "2: the connection (db)", "3: Officer.get_or_none",
                                      "4: Request.select"]
    assert spelled_day_names("DAYS = ('Senin', 'Selasa')\nlabel = 'Senin pagi'\n") == ["1: Senin", "1: Selasa"]


@pytest.mark.parametrize("path", _files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_widget_reads_the_database_through_peewee(path):
    assert database_reads(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", _files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_widget_spells_out_day_or_month_names(path):
    assert spelled_day_names(path.read_text(encoding="utf-8")) == []


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
