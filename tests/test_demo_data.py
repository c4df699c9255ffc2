"""The demo portfolio: its conventions hold and it loads through the real CLI, twice without duplicates."""

from __future__ import annotations

import sys

from helpers import ROOT, run_cli

from database import Store


def test_demo_files_follow_the_conventions(capsys):
    sys.path.insert(0, str(ROOT / "scripts"))
    import validate_demo

    files = sorted(str(p) for p in (ROOT / "resources" / "demo").glob("*.json"))
    assert len(files) >= 4
    assert validate_demo.main(files) == 0
    out = capsys.readouterr().out
    count = int(out.strip().splitlines()[-1].split()[0])
    assert count >= 150


def test_demo_command_loads_both_sides_and_is_idempotent(tmp_path):
    db = tmp_path / "demo.db"
    first = run_cli("demo", db=db)
    assert first.returncode == 0, first.stderr
    with Store(db) as s:
        n = s.institutions.count()
        countries = {i.country for i in s.institutions.all()}
        caps = s.capabilities.count()
    assert n >= 150 and countries == {"CN", "RU"} and caps >= 2 * n
    again = run_cli("demo", db=db)
    assert again.returncode == 0 and "0 new" in again.stdout
    with Store(db) as s:
        assert s.institutions.count() == n and s.capabilities.count() == caps
