"""Partner-proposal PDF briefs (Qt-free; shared by the CLI, the GUI and the tests).

    from app.brief.service import make_brief, BriefError

Modules: `texts` (labels from the catalogue, languages, dates), `fonts` (the embedded Kurinto Sans SC
face and glyph coverage), `content` (pure: what a brief says, from store records and a `Match`),
`layout` (reportlab platypus: how it looks), `service` (loads the records, runs the matcher, writes).
Importing this package does not import reportlab.
"""

from __future__ import annotations

__all__ = ["BriefError", "make_brief"]


def __getattr__(name: str):  # lazy, so `import app.brief` stays cheap
    if name in __all__:
        from app.brief import service

        return getattr(service, name)
    raise AttributeError(name)
