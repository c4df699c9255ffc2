"""Smoke check of a built bundle: does the frozen app find every file it loads at run time?

Not shipped by default. Build with `QIAOMOST_BUNDLE_SELFCHECK=1 bash packaging/build.sh`, which adds a
third console executable, then run `packaging/dist/qiaomost/qiaomost-selfcheck` (offscreen Qt, no
window, no network). It prints one JSON object, one entry per check, and exits 1 if any check failed.
It also runs from a checkout (`python packaging/selfcheck.py`), where the "frozen" check fails.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESOURCE_DIRS = ("demo", "vocabulary", "translations", "templates", "icons", "licenses")


def _inside_bundle(path: Path) -> bool:
    base = getattr(sys, "_MEIPASS", None)
    return bool(base) and Path(path).resolve().is_relative_to(Path(base).resolve())


def check_frozen() -> str:
    assert getattr(sys, "frozen", False), "not running from a PyInstaller bundle"
    return sys._MEIPASS


def check_resources() -> str:
    from app.resources import resources_dir

    d = resources_dir()
    missing = [name for name in RESOURCE_DIRS if not (d / name).is_dir()]
    assert not missing, f"missing under {d}: {missing}"
    assert _inside_bundle(d), f"{d} is outside the bundle"
    return str(d)


def check_licenses() -> int:
    from app.resources import resource

    base = Path(getattr(sys, "_MEIPASS", Path(__file__).parent)) / "licenses"
    needed = [base / "README.txt", base / "PySide6" / "LGPL-3.0.txt", base / "PySide6" / "GPL-3.0.txt",
              resource("licenses", "KurintoSansSC-OFL-1.1.txt")]
    missing = [str(p) for p in needed if not p.is_file()]
    assert not missing, missing
    return sum(1 for p in base.rglob("*") if p.is_file())


def check_pdf_fonts() -> list[str]:
    from app.brief.fonts import font_files

    paths = list(font_files().values())
    assert all(_inside_bundle(p) for p in paths), paths
    return [str(p) for p in paths]


def check_qt_fonts() -> str:
    from PySide6.QtWidgets import QApplication

    from app.gui.fonts import kurinto_paths, load_fonts

    assert len(kurinto_paths()) == 2, kurinto_paths()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    family = load_fonts(app)
    assert family and "Kurinto" in family, family
    return family


def check_opencc() -> str:
    import opencc

    out = opencc.OpenCC("t2s").convert("臺灣積體電路製造")
    assert out == "台湾积体电路制造", out
    return out


def check_pypinyin() -> str:
    from pypinyin import lazy_pinyin

    out = " ".join(lazy_pinyin("重庆银行"))
    assert out == "chong qing yin hang", out
    return out


def check_anyascii() -> str:
    from matching.names import latin_key

    out = latin_key("Иван Петров 张伟")
    assert out and out.isascii() and "ivan" in out.lower(), out
    return out


def check_snowball() -> str:
    import snowballstemmer

    out = snowballstemmer.stemmer("russian").stemWord("копытами")
    assert out == "копыт", out
    return out


def check_qt_translations() -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from app.gui.qt_translations import QtTranslations

    QApplication.instance() or QApplication([sys.argv[0]])

    class _Texts:  # the part of UiTexts that QtTranslations uses
        lang = "zh"

        class language_changed:  # noqa: N801 - stands in for a Qt signal
            @staticmethod
            def connect(slot) -> None:
                pass

    tr = QtTranslations(_Texts())
    assert tr.installed == "zh_CN", "qtbase_zh_CN.qm did not load"
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert cancel != "Cancel", cancel
    return cancel


def check_svg_icon() -> str:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.resources import resource

    QApplication.instance() or QApplication([sys.argv[0]])
    pixmap = QIcon(str(resource("icons", "match.svg"))).pixmap(32, 32)
    assert not pixmap.isNull(), "the SVG icon engine or image format plugin is missing"
    return f"{pixmap.width()}x{pixmap.height()}"


def check_qtpdf() -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "check.pdf")
        writer = QPdfWriter(path)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
        painter = QPainter(writer)
        painter.drawText(100, 200, "桥·Мост")
        painter.end()
        doc = QPdfDocument()
        status = doc.load(path)
        assert status == QPdfDocument.Error.None_, status
        image = doc.render(0, QSize(100, 140))
        assert not image.isNull(), "QPdfDocument.render returned a null image"
        return f"{doc.pageCount()} page(s), rendered {image.width()}x{image.height()}"


CHECKS = [check_frozen, check_resources, check_licenses, check_pdf_fonts, check_qt_fonts, check_opencc, check_pypinyin,
          check_anyascii, check_snowball, check_qt_translations, check_svg_icon, check_qtpdf]


def main() -> int:
    results, failed = {}, 0
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            results[name] = {"ok": True, "value": check()}
        except Exception as exc:  # report every failure, not just the first
            failed += 1
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
