"""The PDF font: Kurinto Sans SC Regular + Bold, located at run time and registered once.

It covers Simplified and Traditional Chinese, Cyrillic and Latin and has a real bold face; reportlab
embeds it as subsets, so every PDF carries the glyphs it uses. The files come from the installed
`weblate-fonts` package (a frozen desktop bundle may put them in resources/fonts/ instead).

reportlab never complains about a missing glyph, it silently draws nothing (ENVIRONMENT.md pitfall 3),
so `printable()` replaces characters the font lacks before any text reaches a paragraph.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from app.brief.errors import BriefError

REGULAR = "KurintoSansSC"
BOLD = "KurintoSansSC-Bold"
FILES = {REGULAR: "KurintoSansSC-Rg.ttf", BOLD: "KurintoSansSC-Bd.ttf"}
PACKAGE_DIR = "static/weblate_fonts/kurinto/ttf"
REPLACEMENT = "?"

_lock = threading.Lock()


def font_files() -> dict[str, Path]:
    """{face name: path} for both faces; BriefError with what to install if either is missing."""
    candidates: list[Path] = []
    try:
        from app.resources import resource

        candidates.append(resource("fonts"))
    except FileNotFoundError:
        pass
    try:
        import importlib.resources

        candidates.append(Path(str(importlib.resources.files("weblate_fonts") / PACKAGE_DIR)))
    except ModuleNotFoundError:
        pass
    for folder in candidates:
        paths = {face: folder / name for face, name in FILES.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    raise BriefError(
        "the PDF font Kurinto Sans SC (KurintoSansSC-Rg.ttf and KurintoSansSC-Bd.ttf) was not found: "
        "install the 'weblate-fonts' Python package (pip install weblate-fonts) and try again"
    )


@lru_cache(maxsize=1)
def _registered() -> tuple[str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    paths = font_files()
    try:
        for face, path in paths.items():
            pdfmetrics.registerFont(TTFont(face, str(path)))
    except (TTFError, OSError) as exc:
        raise BriefError(f"the PDF font could not be loaded from {paths[REGULAR].parent}: {exc}") from None
    # without the mapping <b> would print in the regular face; there is no italic face, so italic = upright
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
    return REGULAR, BOLD


def register_fonts() -> tuple[str, str]:
    """Register both faces with reportlab (once per process, thread-safe); returns (regular, bold) names."""
    with _lock:
        return _registered()


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points that both faces can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` (whitespace aside) that the font cannot draw."""
    cov = covered()
    return {c for c in text if not c.isspace() and ord(c) not in cov}


def printable(text: str) -> str:
    """`text` with control characters dropped and every character the font lacks replaced: first by its
    compatibility form (NFKC: ﬁ → fi, full-width forms), else by '?', so nothing silently vanishes."""
    cov = covered()
    out = []
    for c in text:
        if c in "\n\t":
            out.append(c)
        elif ord(c) in cov or c == " ":
            out.append(c)
        elif unicodedata.category(c) in ("Cc", "Cf", "Cs"):
            continue  # controls, zero-width marks and soft hyphens, lone surrogates: nothing to print
        else:
            alt = unicodedata.normalize("NFKC", c)
            out.append(alt if alt != c and all(ord(a) in cov for a in alt) else REPLACEMENT)
    return "".join(out)
