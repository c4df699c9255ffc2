"""One Qt-free translation catalogue for the GUI, the CLI and the PDF briefs.

Catalogue files are `resources/translations/<domain>.json`, each mapping a key to its text in every UI
language: {"match.title": {"en": "Match", "zh": "匹配", "ru": "Подбор"}}. Domains keep the files
small and reviewable (common, gui, brief); keys are unique across them. A test checks that every key
has all three languages and the same {placeholders} in each.
"""

from __future__ import annotations

import json
import locale
import os
from functools import lru_cache

from app.resources import resource

LANGUAGES = ("zh", "ru", "en")
LANGUAGE_NAMES = {"zh": "简体中文", "ru": "Русский", "en": "English"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(resource("translations").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: translation key {key!r} is defined twice")
            merged[key] = texts
    return merged


def system_language() -> str:
    """zh / ru / en from the environment's locale; English when it is anything else."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            break
    else:
        value = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    value = value.lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("ru"):
        return "ru"
    return "en"


def tr(key: str, lang: str = "en", **kwargs: object) -> str:
    """The text for `key` in `lang` (English, then the key itself, as fallbacks), formatted with kwargs."""
    texts = catalogue().get(key)
    text = (texts.get(lang) or texts.get("en")) if texts else key
    return text.format(**kwargs) if kwargs else text


class CodeLabels:
    """Labels of domain codes (types, kinds, statuses, fields …) in `self.lang`; the code itself when the
    catalogue has no text for it. Shared by Translator and the GUI's UiTexts."""

    lang: str

    def type_label(self, code: str) -> str:
        return self._code("type", code)

    def kind_label(self, code: str) -> str:
        return self._code("kind", code)

    def status_label(self, code: str) -> str:
        return self._code("status", code)

    def coop_label(self, code: str) -> str:
        return self._code("coop", code)

    def ip_label(self, code: str) -> str:
        return self._code("ip", code)

    def country_label(self, code: str) -> str:
        return self._code("country", code)

    def field_label(self, code: str) -> str:
        from matching.fields import FIELDS, field_label

        return field_label(code, self.lang) if code in FIELDS else code

    def lang_label(self, code: str) -> str:
        text = tr(f"gui.lang.{code}", self.lang)
        return code if text.startswith("gui.lang.") else text

    def _code(self, prefix: str, code: str | None) -> str:
        if not code:
            return ""
        key = f"{prefix}.{code}"
        text = tr(key, self.lang)
        return code if text == key else text


class Translator(CodeLabels):
    """Bound to one language: `t = Translator("ru"); t("menu.file")`."""

    def __init__(self, lang: str = "en"):
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, **kwargs: object) -> str:
        return tr(key, self.lang, **kwargs)
