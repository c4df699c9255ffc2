"""What the PyInstaller bundle ships besides Python code, in one place for `qiaomost.spec` and its test.

Importing this module needs neither PyInstaller nor Qt: it only looks at files in the checkout and in
the installed packages, so `tests/test_packaging_spec.py` can check it offline in CI.

Where things land inside the bundle (`sys._MEIPASS`, i.e. `qiaomost/_internal/` for a one-folder build),
and who finds them there at run time:

- `resources/**`: app/resources.py returns `Path(sys._MEIPASS) / "resources"` when frozen.
- `weblate_fonts/static/weblate_fonts/kurinto/ttf/KurintoSansSC-{Rg,Bd}.ttf`: the same layout as the
  installed `weblate-fonts` package, so `importlib.resources.files("weblate_fonts")` in app/gui/fonts.py
  (Qt) and app/brief/fonts.py (reportlab) finds them unchanged. The OFL text is resources/licenses/.
- `opencc/clib/share/opencc/*`: OpenCC's configs and dictionaries (t2s.json + .ocd2), looked up next to
  the `opencc` package. Its static libraries, headers and command-line tools are dropped.
- `pypinyin/*.json`: pypinyin's dictionaries, read next to its modules.
- `anyascii/_data/*`: anyascii's transliteration tables (duplicate detection on every import).
- `PySide6/Qt/translations/qtbase_{zh_CN,ru}.qm` (`PySide6/translations/` on Windows): Qt's own texts,
  loaded by app/gui/qt_translations.py from `QLibraryInfo` TranslationsPath. Every other Qt catalogue
  (about 200 files) is dropped.
- snowballstemmer needs no data (its stemmers are Python modules).
- `licenses/`: the licence texts of everything shipped (see license_datas and packaging/README.md).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
RESOURCES_DEST = "resources"  # app/resources.py: Path(sys._MEIPASS) / "resources"

FONT_PACKAGE = "weblate_fonts"
FONT_PACKAGE_DIR = "static/weblate_fonts/kurinto/ttf"  # app/gui/fonts.KURINTO_DIR, app/brief/fonts.PACKAGE_DIR
FONT_FILES = ("KurintoSansSC-Rg.ttf", "KurintoSansSC-Bd.ttf")

OPENCC_SHARE = "clib/share/opencc"
QT_TRANSLATION_LOCALES = ("zh_CN", "ru")  # app/gui/qt_translations.QT_LOCALES without English (built in)

# Python modules the app never imports, or imports only where the bundle does not need them.
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "IPython", "matplotlib", "pandas", "pyarrow", "PIL.ImageTk", "PIL.ImageQt",
    "pytest", "_pytest", "pytestqt", "pypdf", "setuptools", "pkg_resources", "pip", "wheel", "ruff",
    "django", "weblate_fonts.apps",  # weblate_fonts is a Django app; only its font files are used
    "pymorphy3", "pymorphy3_dicts_ru", "dawg_python",  # lemmatisation variant of the evaluation only
    "jieba", "rjieba",
    "PyQt5", "PyQt6", "PySide2",
    # PySide6 modules the app does not import (app/gui uses QtCore, QtGui, QtWidgets, QtPrintSupport,
    # QtPdf, QtPdfWidgets). Shared libraries that these need (libQt6Network for QtPdf, libQt6Svg for the
    # SVG icon plugin) are still collected as binary dependencies.
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDBus",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSvg", "PySide6.QtSvgWidgets",
    "PySide6.QtLabsStyleKit", "PySide6.QtQmlFeatures", "PySide6.scripts",
]

# Qt plugins the PySide6 hooks collect that a desktop window never loads: embedded/framebuffer platforms
# (eglfs, linuxfb, vnc, Vulkan display) with their device integrations and evdev/TUIO input, and the
# GTK3 platform theme, which cannot work without the build machine's GTK (not bundled; the warning
# "could not resolve libgtk-3.so.0") and would mix the user's GTK with bundled cairo/pango. Qt then
# uses its own Fusion style, and xdg-desktop-portal dialogs where a portal runs. Keep: xcb, wayland,
# offscreen, minimal, image formats, SVG icons, input contexts, xdgdesktopportal, cups printing.
QT_PLUGIN_EXCLUDES = (
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqvnc", "platforms/libqvkkhrdisplay",
    "platforms/libqminimalegl", "egldeviceintegrations/", "generic/", "platformthemes/libqgtk3",
)
QT_LIB_EXCLUDES = ("libQt6EglFSDeviceIntegration", "libQt6EglFsKmsSupport")  # used only by eglfs above

Datas = list[tuple[str, str]]  # PyInstaller's (source file, destination folder inside the bundle)


APP_PACKAGES = ("app", "matching", "database")  # the project's code, frozen from this checkout


def check_sources(root: Path = ROOT) -> int:
    """Compile every module of the project; raise SyntaxError at once. PyInstaller only warns
    ("invalid module named app.services.importer" in warn-qiaomost.txt) and builds a bundle that fails
    when the module is imported. Returns the number of modules checked."""
    n = 0
    for pkg in APP_PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
            n += 1
    return n


def package_dir(name: str) -> Path:
    """Folder of an installed top-level package, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name!r} is not installed in this environment")
    return Path(next(iter(spec.submodule_search_locations)))


def _files(folder: Path, patterns: Iterable[str] = ("*",)) -> list[Path]:
    found = {p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts)


def _as_datas(files: Iterable[Path], base: Path, dest_root: str) -> Datas:
    """(src, dest folder) pairs that keep each file's path relative to `base` under `dest_root`."""
    out = []
    for f in files:
        parent = PurePosixPath(*f.relative_to(base).parent.parts)
        out.append((str(f), str(PurePosixPath(dest_root) / parent)))
    return out


def resource_datas(resources: Path = RESOURCES) -> Datas:
    """Every file under resources/ (demo, vocabulary, translations, templates, icons, licenses, and any
    folder added later), except the package's __init__.py, which only the wheel needs."""
    files = [f for f in _files(resources) if f.suffix != ".pyc" and f.relative_to(resources).as_posix() != "__init__.py"]
    return _as_datas(files, resources, RESOURCES_DEST)


def font_datas() -> Datas:
    """Kurinto Sans SC Regular + Bold, at the path the installed weblate-fonts package has."""
    folder = package_dir(FONT_PACKAGE) / FONT_PACKAGE_DIR
    files = [folder / name for name in FONT_FILES]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"{', '.join(missing)} not found in {folder}: pip install weblate-fonts")
    return [(str(f), f"{FONT_PACKAGE}/{FONT_PACKAGE_DIR}") for f in files]


def opencc_datas() -> Datas:
    """OpenCC's conversion configs (*.json) and dictionaries (*.ocd2)."""
    base = package_dir("opencc")
    share = base / OPENCC_SHARE
    files = _files(share, ("*.json", "*.ocd2", "*.txt"))
    if not any(f.name == "t2s.json" for f in files):
        raise FileNotFoundError(f"OpenCC's t2s.json not found under {share}")
    return _as_datas(files, base, "opencc")


def pypinyin_datas() -> Datas:
    base = package_dir("pypinyin")
    files = [f for f in _files(base, ("*.json",)) if "__pyinstaller" not in f.parts]
    return _as_datas(files, base, "pypinyin")


def anyascii_datas() -> Datas:
    """anyascii's transliteration tables (anyascii/_data/000 ... 642, a namespace package without code,
    read with importlib.resources; no PyInstaller hook collects them). Used by duplicate detection
    (matching/names.py), so `qiaomost demo` and every import need them."""
    base = package_dir("anyascii")
    files = _files(base / "_data")
    if not files:
        raise FileNotFoundError(f"anyascii's tables not found under {base / '_data'}")
    return _as_datas(files, base, "anyascii")


LICENSES_DEST = "licenses"
LICENSE_FILE = re.compile(r"LICEN[CS]E|COPYING|NOTICE|AUTHORS", re.I)
NOT_SHIPPED = {"qiaomost", "pip"}  # sqlite-utils declares pip, which the bundle leaves out (EXCLUDES)
# Distributions whose wheels carry no licence file: their texts come from the repository instead.
LICENSES_FROM_REPO = {
    "pyside6-essentials": "PySide6", "pyside6-pdf": "PySide6", "shiboken6": "PySide6",  # packaging/licenses/
    "weblate-fonts": "resources/licenses",  # OFL-1.1 of Kurinto, shipped with the resources
}


def _dist_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = "qiaomost") -> list[str]:
    """The installed distributions the app needs at run time (its requirements, recursively, without
    extras), i.e. the third-party code a bundle ships."""
    seen: set[str] = set()

    def visit(name: str) -> None:
        key = _dist_key(name)
        if key in seen:
            return
        seen.add(key)
        for req in importlib.metadata.requires(name) or []:
            if "extra ==" in req.replace('"', "").replace("'", ""):
                continue
            dep = re.match(r"[A-Za-z0-9_.\-]+", req).group(0)
            try:
                importlib.metadata.distribution(dep)
            except importlib.metadata.PackageNotFoundError:
                continue  # a platform-specific requirement not installed here
            visit(dep)

    visit(root)
    return sorted(seen - NOT_SHIPPED)


def license_datas() -> Datas:
    """Licence texts into licenses/: each runtime distribution's own files (from its .dist-info, under
    licenses/<name>/), Python's licence, and packaging/licenses/ (LGPL-3.0 + GPL-3.0 for Qt/PySide6,
    whose wheels carry none, and README.txt). BSD/MIT/Apache require the notices in binary copies."""
    out: Datas = []
    for key in runtime_distributions():
        dist = importlib.metadata.distribution(key)
        dest = f"{LICENSES_DEST}/{dist.metadata['Name']}"
        for f in dist.files or []:
            if f.parts[0].endswith(".dist-info") and LICENSE_FILE.search(f.name):
                rel = PurePosixPath(*f.parts[1:]).parent
                out.append((str(dist.locate_file(f)), str(PurePosixPath(dest) / rel)))
    for candidate in (Path(sys.base_prefix) / "LICENSE.txt",
                      Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt"):
        if candidate.is_file():
            out.append((str(candidate), f"{LICENSES_DEST}/Python"))
            break
    here = ROOT / "packaging" / "licenses"
    out += [(str(here / "README.txt"), LICENSES_DEST)]
    out += [(str(here / name), f"{LICENSES_DEST}/PySide6") for name in ("LGPL-3.0.txt", "GPL-3.0.txt")]
    return out


def qt_translations_dir() -> Path:
    """PySide6's Qt translations folder: Qt/translations in the Linux and macOS wheels, translations on Windows."""
    base = package_dir("PySide6")
    for folder in (base / "Qt" / "translations", base / "translations"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"no Qt translations folder under {base}")


def qt_translation_datas() -> Datas:
    folder = qt_translations_dir()
    dest = PurePosixPath(*folder.relative_to(package_dir("PySide6").parent).parts)
    files = [folder / f"qtbase_{loc}.qm" for loc in QT_TRANSLATION_LOCALES]
    return [(str(f), str(dest)) for f in files if f.is_file()]


def datas() -> Datas:
    """Everything the spec passes to Analysis(datas=...)."""
    return (resource_datas() + font_datas() + opencc_datas() + pypinyin_datas() + anyascii_datas()
            + qt_translation_datas() + license_datas())


def keep(dest_name: str) -> bool:
    """False for files the PyInstaller hooks collect but the app never uses (applied to Analysis.datas
    and .binaries by the spec): the Qt plugins and libraries above, Qt catalogues other than
    qtbase_{zh_CN,ru}, OpenCC's tools, headers and static libraries, and any other weblate-fonts file."""
    p = PurePosixPath(dest_name.replace("\\", "/"))
    parts = p.parts
    if "plugins" in parts and parts[0] == "PySide6":
        rel = "/".join(parts[parts.index("plugins") + 1:])
        return not any(rel.startswith(prefix) for prefix in QT_PLUGIN_EXCLUDES)
    if p.name.startswith(QT_LIB_EXCLUDES):
        return False
    if p.suffix == ".qm" and "translations" in parts and parts[0] == "PySide6":
        return p.name in {f"qtbase_{loc}.qm" for loc in QT_TRANSLATION_LOCALES}
    if parts[:2] == ("opencc", "clib") and len(parts) > 2 and parts[2] in ("bin", "include", "lib64", "lib"):
        return False
    if parts[:1] == (FONT_PACKAGE,) and p.suffix in (".ttf", ".otf", ".woff", ".woff2", ".css", ".html", ".txt"):
        return p.name in FONT_FILES
    return True


def prune(toc: list) -> list:
    """A PyInstaller TOC (list of (dest_name, src_name, typecode)) without the entries `keep` refuses."""
    return [entry for entry in toc if keep(entry[0])]


def app_version() -> str:
    """app.__version__, read from the source (importing `app` is not needed to build)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise ValueError("no __version__ in app/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def render_icon(svg: Path, out: Path, size: int = 256) -> Path:
    """resources/icons/app.svg rendered to a PNG, which PyInstaller (with Pillow) turns into the .ico of
    the Windows executables and the .icns of the macOS app. Needs Qt; called by the spec only there."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["render-icon", "-platform", "offscreen"])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")
    del app
    return out
