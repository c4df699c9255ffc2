"""Bundled resources: the folder is found, every resource the code names exists, and the demo portfolio
and import templates pass the real importer's validation."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest
from helpers import ROOT

from app.resources import resource, resources_dir
from matching.fields import FIELDS

SOURCE_DIRS = ("app", "matching", "database")
# Looked up only as an alternative location (a frozen bundle may ship the PDF font there; the installed
# weblate-fonts package is the normal source, see app/brief/fonts.py).
OPTIONAL = {("fonts",)}


def _calls(name: str):
    """(file, line, literal args) of every call `name("...", ...)` whose arguments are all string literals."""
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                f = node.func
                called = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if called != name:
                    continue
                if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
                    yield path.relative_to(ROOT), node.lineno, tuple(a.value for a in node.args)


def test_resources_dir_exists_with_its_parts():
    d = resources_dir()
    assert d.is_dir()
    for part in ("vocabulary", "demo", "translations", "icons", "templates"):
        assert (d / part).is_dir(), part
    assert resource("demo", "ru_academic.json") == d / "demo" / "ru_academic.json"


def test_every_resource_named_in_the_code_exists():
    named = list(_calls("resource"))
    found = {args for _, _, args in named}
    # the scan really sees the code's lookups (it would pass vacuously otherwise)
    assert {("vocabulary",), ("demo",), ("translations",)} <= found
    missing = [f"{p}:{line}: resource{args}" for p, line, args in named
               if args not in OPTIONAL and not resource(*args).exists()]
    assert not missing, missing


def test_every_icon_named_in_the_gui_has_a_file():
    names = {args[0] for _, _, args in _calls("icon") if len(args) == 1}
    assert {"match", "import", "export"} <= names
    missing = sorted(n for n in names if not resource("icons", f"{n}.svg").is_file())
    assert not missing, missing
    for n in names:
        assert resource("icons", f"{n}.svg").read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))


def test_vocabulary_files_and_format_doc_agree_on_fields():
    files = sorted(resource("vocabulary").glob("*.txt"))
    assert files
    doc = resource("vocabulary", "FORMAT.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (\w+) \| ", doc, re.M)) - {"code"}
    assert documented == set(FIELDS)
    assert {p.stem for p in files} <= set(FIELDS)  # one file per field group


def test_translation_files_are_json_objects():
    files = sorted(resource("translations").glob("*.json"))
    assert any(p.name == "common.json" for p in files)
    for p in files:
        data = json.loads(p.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data, p.name


# ---- demo and template files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_parsed():
    from app.services.demo import demo_files
    from app.services.importer import read_file

    files = demo_files()
    assert len(files) >= 4
    return {p.name: read_file(p) for p in files}  # raises ImportValidationError with every problem


def test_demo_files_pass_the_importers_validation(demo_parsed):
    insts = [i for parsed in demo_parsed.values() for i in parsed.institutions]
    assert len(insts) >= 150
    refs = [i.ref for i in insts]
    assert len(refs) == len(set(refs)), "an institution ref is used twice across demo files"
    cap_refs = [c.ref for i in insts for c in i.capabilities]
    assert len(cap_refs) == len(set(cap_refs))
    assert {i.country for i in insts} == {"CN", "RU"}
    for i in insts:
        assert i.capabilities, i.ref
        assert {n.lang for n in i.names if n.kind == "official"} >= {"zh", "ru", "en"}, i.ref
        for c in i.capabilities:
            assert c.fields and set(c.fields) <= set(FIELDS), c.ref
            assert c.trl is None or 1 <= c.trl <= 9, c.ref


def test_demo_files_pass_the_data_authors_structure_check():
    script = ROOT / "scripts" / "validate_demo.py"  # stricter editorial rules (websites, 2–5 capabilities…)
    if not script.is_file():
        pytest.skip("scripts/validate_demo.py is not in this checkout")
    files = sorted(str(p) for p in resource("demo").glob("*.json"))
    r = subprocess.run([sys.executable, str(script), *files],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout
    assert r.stdout.strip().endswith("OK")


@pytest.mark.parametrize("name", ["template.json", "template.csv", "template.xlsx"])
def test_import_templates_are_valid(name):
    from app.services.importer import read_file

    parsed = read_file(resource("templates", name))
    assert parsed.institutions and all(i.capabilities for i in parsed.institutions)
