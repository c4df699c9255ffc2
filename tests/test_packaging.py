"""resources/ is found the same way from an installed wheel as from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import ROOT


def test_installed_wheel_finds_its_resources(tmp_path):
    pytest.importorskip("setuptools")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("qiaomost-*.whl")
    target = tmp_path / "site"
    inst = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr[-2000:]
    code = (
        "import app.resources as r, json; d = r.resources_dir();"
        "print(json.dumps([str(d), len(list((d / 'vocabulary').glob('*.txt'))), len(list((d / 'demo').glob('*.json'))),"
        "(d / 'translations' / 'common.json').exists(), (d / 'templates' / 'template.xlsx').exists()]))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    where, n_vocab, n_demo, has_tr, has_tpl = json.loads(out.stdout)
    assert where.startswith(str(target))  # not the checkout
    assert n_vocab == len(list((ROOT / "resources" / "vocabulary").glob("*.txt"))) and n_demo >= 4
    assert has_tr and has_tpl
