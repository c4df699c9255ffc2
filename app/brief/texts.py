"""Labels of a brief in its primary language, optionally with a second language beside them.

Every string comes from the product's translation catalogue (resources/translations/brief.json and
common.json) through `app.i18n.tr`, so the GUI, the CLI and the briefs say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.i18n import LANGUAGES, tr

COUNTRY_LANGUAGE = {"CN": "zh", "RU": "ru"}
FIRST_CLASS = ("CN", "RU")


@dataclass(frozen=True)
class Bi:
    """A text in the brief's language, and in its second language when the layout is bilingual
    ("" when monolingual or when both are the same)."""

    primary: str
    secondary: str = ""

    def __str__(self) -> str:
        return self.primary


def language_of(country: str) -> str:
    return COUNTRY_LANGUAGE.get((country or "").upper(), "en")


def second_language(lang: str, own_country: str, partner_countries: Iterable[str], bilingual: str) -> str | None:
    """The language printed next to `lang`, or None.

    "auto" turns it on for China–Russia pairs only (every partner on the other side); "yes" always.
    The partner's language comes first; if that is the primary language already, the institution's,
    then English: a Chinese-language brief for a Chinese partner still gets Russian beside it.
    """
    partners = [c.upper() for c in partner_countries if c]
    own = (own_country or "").upper()
    if bilingual == "no":
        return None
    if bilingual == "auto":
        cross = own in FIRST_CLASS and partners and all(c in FIRST_CLASS and c != own for c in partners)
        if not cross:
            return None
    ranked = [language_of(c) for c, _ in Counter(partners).most_common()]
    for cand in [*ranked, language_of(own), "en", "zh", "ru"]:
        if cand != lang:
            return cand
    return None


class Labels:
    """`L("brief.section.summary")` → Bi(primary, secondary) from the catalogue."""

    def __init__(self, lang: str = "en", lang2: str | None = None):
        self.lang = lang if lang in LANGUAGES else "en"
        self.lang2 = lang2 if lang2 in LANGUAGES and lang2 != self.lang else None

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.lang, self.lang2) if self.lang2 else (self.lang,)

    def __call__(self, key: str, **kwargs: object) -> Bi:
        return self.each(lambda lang: tr(key, lang, **kwargs))

    def one(self, key: str, lang: str | None = None, **kwargs: object) -> str:
        return tr(key, lang or self.lang, **kwargs)

    def each(self, make: Callable[[str], str]) -> Bi:
        """A Bi from a function of the language (for sentences that embed language-specific names)."""
        first = make(self.lang)
        second = make(self.lang2) if self.lang2 else ""
        return Bi(first, "" if second == first else second)


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def format_date(day: dt.date, lang: str) -> str:
    """2026年11月23日 / 23.11.2026 / 23 November 2026 (a date format, not a label: kept in code)."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    if lang == "ru":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


_SEPARATORS = {"zh": "、", "ru": ", ", "en": ", "}


def join_list(items: Iterable[str], lang: str) -> str:
    """Items of an enumeration joined with the language's separator (Chinese uses 、)."""
    return _SEPARATORS.get(lang, ", ").join(items)
