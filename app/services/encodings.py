"""Reading CSV files saved by spreadsheet programs in a legacy code page.

Excel on a Chinese Windows saves "CSV" in GB18030/GBK, on a Russian Windows in Windows-1251, and its
"Unicode text" is UTF-16. JSON is always UTF-8 (the format says so); a CSV that is not UTF-8 is tried in
those encodings, and one is taken only when its non-ASCII characters are almost all of the script that
encoding is for, so a wrong guess fails loudly instead of importing mojibake.
"""

from __future__ import annotations

import re

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")  # with CJK punctuation, full-width forms
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u00ab\u00bb\u2013\u2014\u2116\u00a0\u201c-\u201e]")  # «» – — № quotes

LEGACY = (("gb18030", _HAN), ("cp1251", _CYRILLIC))
SHARE = 0.95  # of the non-ASCII characters that must be of the expected script


def decode_text_file(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) for UTF-8 (BOM allowed), UTF-16 with a BOM, or a convincing legacy code page;
    None when no encoding reads the bytes as plausible text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    plausible = []
    for encoding, script in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        foreign = _NON_ASCII.findall(text)
        if foreign and sum(1 for c in foreign if script.match(c)) >= SHARE * len(foreign):
            plausible.append((text, encoding.upper()))
    # Both can pass only for short Russian text whose words all have an even number of letters (each byte
    # pair is then also a valid GB18030 character); Chinese text almost never reads as pure Cyrillic.
    return plausible[-1] if plausible else None
