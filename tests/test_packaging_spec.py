"""packaging/qiaomost.spec, checked without building (no PyInstaller needed, no network).

The spec is executed with stand-ins for PyInstaller's Analysis/PYZ/EXE/COLLECT/BUNDLE that record what
they are given, so these tests see exactly what a real build would be asked to ship: every file under
resources/, the two Kurinto faces where the font lookups find them, the OpenCC / pypinyin / anyascii
data, Qt's own catalogues, and two executables in one folder. The real build is packaging/build.sh.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import pytest
from helpers import ROOT

PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "qiaomost.spec"
RESOURCE_DIRS = ("demo", "vocabulary", "translations", "templates", "icons", "licenses")

sys.path.insert(0, str(PACKAGING))
import bundle_data  # noqa: E402

sys.path.remove(str(PACKAGING))

# What PyInstaller's hooks would add on their own; the spec must prune the unwanted ones.
HOOK_DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "DATA"),
    ("PySide6/Qt/translations/qt_help_ru.qm", "DATA"),
    ("PySide6/Qt/translations/qtbase_ru.qm", "DATA"),
    ("opencc/clib/bin/opencc", "DATA"),
    ("opencc/clib/include/opencc/Dict.hpp", "DATA"),
    ("opencc/clib/lib64/libopencc.a", "DATA"),
]
HOOK_BINARIES = [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", "BINARY"),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "BINARY"),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "BINARY"),
    ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so", "BINARY"),
    ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "BINARY"),
    ("opencc/clib/opencc_clib.cpython-311-x86_64-linux-gnu.so", "EXTENSION"),
]


class _Recorder:
    made: list = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.name = kwargs.get("name")
        type(self).made.append(self)


class FakeAnalysis(_Recorder):
    made: list = []

    def __init__(self, scripts, **kwargs):
        super().__init__(scripts, **kwargs)
        # Analysis turns (source, destination folder) into TOC entries (destination file, source, typecode)
        self.datas = [(str(PurePosixPath(dest) / Path(src).name), src, "DATA") for src, dest in kwargs["datas"]]
        self.datas += [(dest, f"/hook/{dest}", code) for dest, code in HOOK_DATAS]
        self.binaries = [(dest, f"/hook/{dest}", code) for dest, code in HOOK_BINARIES]
        rthooks = [("pyi_rth_inspect", "/pyinstaller/rthooks/pyi_rth_inspect.py", "PYSOURCE"),
                   ("pyi_rth_pyside6", "/pyinstaller/rthooks/pyi_rth_pyside6.py", "PYSOURCE")]
        self.scripts = rthooks + [(Path(s).stem, s, "PYSOURCE") for s in scripts]
        self.pure = []


class FakePYZ(_Recorder):
    made: list = []


class FakeEXE(_Recorder):
    made: list = []


class FakeCOLLECT(_Recorder):
    made: list = []


class FakeBUNDLE(_Recorder):
    made: list = []


def run_spec(tmp_path: Path, monkeypatch, selfcheck: bool = False) -> dict:
    """Execute the spec the way PyInstaller does (compile + exec with its globals), with stand-ins."""
    for cls in (FakeAnalysis, FakePYZ, FakeEXE, FakeCOLLECT, FakeBUNDLE):
        cls.made = []
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec inserts packaging/
    if selfcheck:
        monkeypatch.setenv("QIAOMOST_BUNDLE_SELFCHECK", "1")
    else:
        monkeypatch.delenv("QIAOMOST_BUNDLE_SELFCHECK", raising=False)
    namespace = {
        "SPECPATH": str(PACKAGING), "SPEC": str(SPEC), "specnm": "qiaomost", "DISTPATH": str(tmp_path / "dist"),
        "workpath": str(tmp_path / "build"), "HOMEPATH": str(tmp_path), "WARNFILE": str(tmp_path / "warn.txt"),
        "Analysis": FakeAnalysis, "PYZ": FakePYZ, "EXE": FakeEXE, "COLLECT": FakeCOLLECT, "BUNDLE": FakeBUNDLE,
        "MERGE": None, "TOC": list, "Tree": None, "Splash": None, "os": os,
    }
    exec(compile(SPEC.read_bytes(), str(SPEC), "exec"), namespace)
    (analysis,) = FakeAnalysis.made
    (pyz,) = FakePYZ.made
    return {"a": analysis, "pyz": pyz, "exes": FakeEXE.made, "collects": FakeCOLLECT.made, "bundles": FakeBUNDLE.made}


@pytest.fixture
def spec(tmp_path, monkeypatch) -> dict:
    return run_spec(tmp_path, monkeypatch)


def shipped(spec: dict) -> dict[str, str]:
    """{destination file inside the bundle: source file} of every data file the build collects."""
    return {dest.replace("\\", "/"): src for dest, src, _ in spec["a"].datas}


# ---- data ------------------------------------------------------------------------------------------

def test_every_file_under_resources_is_bundled_where_app_resources_looks(spec):
    """Walks resources/ itself, so dropping (or mis-routing) any resource folder in the spec fails here."""
    files = shipped(spec)
    expected = {}
    for path in (ROOT / "resources").rglob("*"):
        rel = path.relative_to(ROOT / "resources")
        if path.is_file() and "__pycache__" not in rel.parts and rel.suffix != ".pyc" and rel.as_posix() != "__init__.py":
            expected[f"resources/{rel.as_posix()}"] = path
    assert len(expected) > 30
    missing = sorted(set(expected) - set(files))
    assert not missing, f"resources not in the bundle: {missing}"
    for dest, path in expected.items():
        assert Path(files[dest]).resolve() == path.resolve()
    for folder in RESOURCE_DIRS:
        assert any(d.startswith(f"resources/{folder}/") for d in files), folder
    assert bundle_data.RESOURCES_DEST == "resources"


def test_frozen_resource_lookup_finds_the_bundled_layout(spec, tmp_path, monkeypatch):
    """Lay the shipped resources out as a one-folder bundle would (copies) and let app/resources.py look."""
    from app import resources as app_resources

    meipass = tmp_path / "_internal"
    for dest, src in shipped(spec).items():
        if dest.startswith("resources/"):
            target = meipass / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    app_resources.resources_dir.cache_clear()
    try:
        assert app_resources.resources_dir() == meipass / "resources"
        for folder in RESOURCE_DIRS:
            assert sorted(p.name for p in app_resources.resource(folder).iterdir()) == \
                sorted(p.name for p in (ROOT / "resources" / folder).iterdir() if p.name != "__pycache__")
    finally:
        app_resources.resources_dir.cache_clear()


def test_kurinto_fonts_land_where_both_font_lookups_find_them(spec):
    """app/gui/fonts.py (Qt) and app/brief/fonts.py (reportlab) both ask importlib.resources for
    weblate_fonts/static/...; the bundle keeps that layout, and ships the OFL text."""
    from app.brief import fonts as brief_fonts
    from app.gui import fonts as gui_fonts

    files = shipped(spec)
    assert gui_fonts.KURINTO_DIR == brief_fonts.PACKAGE_DIR == bundle_data.FONT_PACKAGE_DIR
    for name in set(gui_fonts.KURINTO_FILES) | set(brief_fonts.FILES.values()):
        dest = f"weblate_fonts/{gui_fonts.KURINTO_DIR}/{name}"
        assert dest in files, dest
        assert Path(files[dest]).stat().st_size > 5_000_000
    assert "weblate_fonts" in spec["a"].kwargs["hiddenimports"]  # importlib.resources needs the package
    assert "resources/licenses/KurintoSansSC-OFL-1.1.txt" in files
    other_fonts = [d for d in files if d.startswith("weblate_fonts/") and Path(d).name not in gui_fonts.KURINTO_FILES]
    assert not other_fonts


def test_text_libraries_data_is_bundled(spec):
    files = shipped(spec)
    # OpenCC: t2s.json and every dictionary it refers to (matching/text.py uses OpenCC("t2s"))
    t2s = "opencc/clib/share/opencc/t2s.json"
    assert t2s in files
    config = json.loads(Path(files[t2s]).read_text(encoding="utf-8"))
    referenced = set(re.findall(r'"file"\s*:\s*"([^"]+)"', json.dumps(config)))
    assert referenced and all(f"opencc/clib/share/opencc/{name}" in files for name in referenced), referenced
    # pypinyin's dictionaries (its own PyInstaller hook would add them too)
    assert {"pypinyin/pinyin_dict.json", "pypinyin/phrases_dict.json"} <= set(files)
    # anyascii's tables: a code-less namespace package that no hook collects
    installed = {p.name for p in (bundle_data.package_dir("anyascii") / "_data").iterdir() if p.is_file()}
    assert installed and {f"anyascii/_data/{n}" for n in installed} <= set(files)


def test_licence_texts_of_everything_shipped(spec):
    """BSD/MIT/Apache need their notices in binary copies; Qt/PySide6 (LGPL-3.0) and the Kurinto font
    (OFL) come from the repository because their wheels carry no licence file."""
    files = shipped(spec)
    by_dist: dict[str, list[str]] = {}
    for dest in files:
        parts = dest.split("/")
        if parts[0] == "licenses" and len(parts) > 2:
            by_dist.setdefault(bundle_data._dist_key(parts[1]), []).append(dest)
    dists = bundle_data.runtime_distributions()
    assert {"numpy", "scipy", "scikit-learn", "pyside6-essentials", "reportlab", "opencc"} <= set(dists)
    for dist in dists:
        source = bundle_data.LICENSES_FROM_REPO.get(dist)
        if source:
            assert any(d.startswith(f"{source}/") or d.startswith(f"licenses/{source}/") for d in files), dist
        else:
            assert by_dist.get(dist), f"no licence text shipped for {dist}"
    assert {"licenses/PySide6/LGPL-3.0.txt", "licenses/PySide6/GPL-3.0.txt", "licenses/README.txt"} <= set(files)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in Path(files["licenses/PySide6/LGPL-3.0.txt"]).read_text()
    assert "licenses/Python/LICENSE.txt" in files
    assert "pip" not in by_dist


def test_qt_catalogues_for_every_ui_language_are_kept_and_no_others(spec):
    from app.gui.qt_translations import QT_LOCALES

    qm = sorted(Path(d).name for d in shipped(spec) if d.endswith(".qm"))
    wanted = sorted(f"qtbase_{loc}.qm" for loc in QT_LOCALES.values() if loc != "en")
    assert qm == wanted
    dest_dirs = {str(PurePosixPath(d).parent) for d in shipped(spec) if d.endswith(".qm")}
    assert dest_dirs <= {"PySide6/Qt/translations", "PySide6/translations"}


def test_unused_plugins_and_tools_are_pruned_but_the_needed_ones_kept(spec):
    binaries = {dest for dest, _, _ in spec["a"].binaries}
    for kept in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                 "iconengines/libqsvgicon.so", "imageformats/libqsvg.so", "printsupport/libcupsprintersupport.so",
                 "platformthemes/libqxdgdesktopportal.so"):
        assert f"PySide6/Qt/plugins/{kept}" in binaries, kept
    assert {"PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Svg.so.6"} <= binaries
    assert not [b for b in binaries if "eglfs" in b.lower() or "gtk3" in b or "egldevice" in b]
    assert "opencc/clib/opencc_clib.cpython-311-x86_64-linux-gnu.so" in binaries
    files = shipped(spec)
    assert not [d for d in files if d.startswith(("opencc/clib/bin/", "opencc/clib/include/", "opencc/clib/lib64/"))]
    # Windows and macOS names pass untouched
    assert bundle_data.keep("PySide6/plugins/platforms/qwindows.dll")
    assert bundle_data.keep("PySide6/Qt/plugins/platforms/libqcocoa.dylib")
    assert not bundle_data.keep("PySide6\\translations\\qtbase_de.qm")


def test_excludes_never_hit_a_module_the_app_imports(spec):
    """Every top-level module and PySide6 submodule imported by app/, matching/, database/ is collected
    (pymorphy3 is the one optional import: only the evaluation's lemmatisation variant uses it)."""
    imported = set()
    for pkg in bundle_data.APP_PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_bytes())):
                if isinstance(node, ast.Import):
                    imported |= {alias.name for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module)
    excludes = set(spec["a"].kwargs["excludes"])
    optional = {"pymorphy3"}
    hit = {m for m in imported if (m in excludes or m.split(".")[0] in excludes) and m not in optional}
    assert not hit, f"the spec excludes modules the app imports: {sorted(hit)}"
    assert {"PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport"} <= imported  # kept, not excluded
    assert {"tkinter", "PySide6.QtQml", "PySide6.QtNetwork"} <= excludes


# ---- executables -----------------------------------------------------------------------------------

def test_two_executables_share_one_folder(spec):
    gui, cli = spec["exes"]
    assert (gui.name, gui.kwargs["console"]) == ("qiaomost-gui", False)
    assert (cli.name, cli.kwargs["console"]) == ("qiaomost", True)
    for exe, entry, other in ((gui, "qiaomost_gui.py", "qiaomost_cli.py"), (cli, "qiaomost_cli.py", "qiaomost_gui.py")):
        names = [Path(s[1]).name for s in exe.args[1]]
        assert names[-1] == entry and other not in names
        assert "pyi_rth_pyside6.py" in names  # runtime hooks run before either entry script
        assert exe.kwargs["exclude_binaries"] is True  # one-folder
        assert exe.args[0] is spec["pyz"]  # one Python archive for both
    (coll,) = spec["collects"]
    assert coll.name == "qiaomost" and coll.args[:2] == (gui, cli)  # GUI first: the macOS .app runs it
    assert spec["a"].kwargs["pathex"] == [str(ROOT)]
    for script in spec["a"].args[0]:
        assert Path(script).is_file() and Path(script).parent == PACKAGING
    if sys.platform.startswith("linux"):
        assert not spec["bundles"]


def test_selfcheck_executable_only_on_request(tmp_path, monkeypatch):
    built = run_spec(tmp_path, monkeypatch, selfcheck=True)
    assert [e.name for e in built["exes"]] == ["qiaomost-gui", "qiaomost", "qiaomost-selfcheck"]
    assert Path(built["exes"][2].args[1][-1][1]).name == "selfcheck.py"


@pytest.mark.parametrize("script", ["qiaomost_cli.py", "qiaomost_gui.py"])
def test_entry_scripts_run_the_cli(script):
    from app import __version__

    out = subprocess.run([sys.executable, str(PACKAGING / script), "--version"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"qiaomost {__version__}"


def test_the_gui_entry_imports():
    """What qiaomost-gui loads first: the window and the brief preview (QtPdf), offscreen."""
    code = "import app.gui.main, app.gui.brief_dialog, PySide6.QtPdf, PySide6.QtPdfWidgets; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_check_sources_stops_a_build_with_a_broken_module(tmp_path):
    for pkg in bundle_data.APP_PACKAGES:
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("x = 1\n")
    assert bundle_data.check_sources(tmp_path) == 3
    (tmp_path / "app" / "broken.py").write_text("def f(:\n")
    with pytest.raises(SyntaxError):
        bundle_data.check_sources(tmp_path)
    assert bundle_data.check_sources(ROOT) > 20


# ---- build script, installers, metadata ---------------------------------------------------------------

def test_pyinstaller_pin_is_the_same_everywhere():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert extras["bundle"] == ["pyinstaller==6.22.3"]
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert 'PYINSTALLER_VERSION="6.22.3"' in build
    assert '--distpath "$HERE/dist"' in build and '--workpath "$HERE/build"' in build
    assert os.access(PACKAGING / "build.sh", os.X_OK)


def test_build_outputs_are_ignored_by_git():
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "packaging/build/x", "packaging/dist/x"],
                         capture_output=True, text=True)
    assert out.stdout.split() == ["packaging/build/x", "packaging/dist/x"]


def test_installer_files_match_the_bundle():
    from app import __version__

    iss = (PACKAGING / "qiaomost.iss").read_text(encoding="utf-8-sig")
    assert (PACKAGING / "qiaomost.iss").read_bytes().startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with a BOM
    assert f'#define AppVersion "{__version__}"' in iss
    assert 'Source: "{#BundleDir}\\*"' in iss and '#define BundleDir "dist\\qiaomost"' in iss
    assert "qiaomost-gui.exe" in iss
    desktop = (PACKAGING / "qiaomost.desktop").read_text(encoding="utf-8")
    assert "\nExec=qiaomost-gui\n" in desktop and "\nIcon=qiaomost\n" in desktop
    assert (ROOT / "resources" / "icons" / "app.svg").is_file()
    assert bundle_data.app_version() == __version__


def test_icon_renders_from_the_svg(tmp_path):
    """Windows and macOS builds render app.svg to the PNG that becomes the .ico/.icns (own process:
    it creates a QGuiApplication)."""
    out = tmp_path / "icon.png"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bundle_data, pathlib;"
            "bundle_data.render_icon(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), 64)")
    run = subprocess.run([sys.executable, "-c", code, str(PACKAGING), str(ROOT / "resources/icons/app.svg"), str(out)],
                         capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 200
