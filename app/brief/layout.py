"""How a brief looks: reportlab platypus on A4, one embedded font (Kurinto Sans SC), restrained colour.

Layout of one brief: a navy header band (kicker, pairing, the pairing in the second language), a row of
date / prepared by / reference / score, then the sections Summary, The institutions (a label column and
two side-by-side columns), Matched capabilities (two columns per pair, shared concepts highlighted,
their translations below), Suggested forms of cooperation, Considerations and a Next steps checklist
with lines to write on. Every page has a thin top rule and a footer with the reference and
"page X of Y" (Y is known only at the end, hence the canvas that holds pages back).

Two rules keep the text intact:
- all user text goes through `esc()` (font coverage, then XML escaping), because reportlab's paragraph
  parser would otherwise drop, corrupt or choke on <, > and & (ENVIRONMENT.md pitfall 5);
- Chinese line breaking (wordWrap="CJK") is used only for paragraphs that contain Chinese: its crude
  rule splits Cyrillic and Latin words in narrow columns, so the two languages of a bilingual label
  are separate paragraphs, each wrapped the way its script needs.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from app.brief.content import (
    BriefDocument,
    CapabilityPair,
    CapabilityView,
    Cover,
    Header,
    InstitutionCard,
    PairBrief,
    Point,
)
from app.brief.fonts import REGULAR, printable, register_fonts
from app.brief.texts import Bi, Labels
from app.i18n import tr

NAVY = colors.HexColor("#1F3A5F")
INK = colors.HexColor("#1D2430")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C5CEDA")
TINT = colors.HexColor("#EDF1F6")
LABEL_TINT = colors.HexColor("#F6F8FB")
BAND_SOFT = colors.HexColor("#C9D6E8")
MARK = "#FBE3A0"  # background of a shared concept inside a capability text

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_W - 2 * MARGIN_X
LABEL_COL = 38 * mm
POINT_COL = 48 * mm
EMPTY = "—"
_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


# ---- text helpers -------------------------------------------------------------------------------

def esc(text: str | None) -> str:
    """User text → paragraph markup that prints exactly as typed (newlines become line breaks)."""
    return escape(printable(text or "")).replace("\n", "<br/>")


def esc_or_dash(text: str | None) -> str:
    return esc(text) if text and text.strip() else EMPTY


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` escaped, with the given spans highlighted (each piece escaped on its own)."""
    out, pos = [], 0
    for s, e in spans:
        if s < pos or e > len(text):
            continue
        out.append(esc(text[pos:s]))
        out.append(f'<font backColor="{MARK}"><b>{esc(text[s:e])}</b></font>')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def slash(b: Bi) -> str:
    """"日期 / Дата": both languages on one line, for short labels only."""
    return esc(b.primary) + (f" / {esc(b.secondary)}" if b.secondary else "")


# ---- styles -------------------------------------------------------------------------------------

class Styles:
    """Paragraph styles, each in two variants: Chinese line breaking or ordinary word wrapping."""

    def __init__(self) -> None:
        regular, bold = register_fonts()
        self.regular, self.bold = regular, bold
        specs = {
            "body": {},
            "summary": dict(fontSize=10.2, leading=15),
            "summary2": dict(fontSize=9, leading=13, textColor=MUTED, spaceBefore=3),
            "facts": dict(fontSize=8.2, leading=11.5, textColor=MUTED, spaceBefore=5),
            "small": dict(fontSize=8, leading=10.8),
            "muted": dict(fontSize=8, leading=10.8, textColor=MUTED),
            "label": dict(fontName=bold, fontSize=8.2, leading=10.8, textColor=NAVY),
            "label2": dict(fontSize=7.4, leading=9.8, textColor=MUTED),
            "colhead": dict(fontName=bold, fontSize=9, leading=12, textColor=NAVY),
            "colhead2": dict(fontSize=7.8, leading=10.4, textColor=MUTED),
            "cell": dict(fontSize=8.8, leading=12),
            "cell2": dict(fontSize=7.9, leading=10.8, textColor=MUTED, spaceBefore=1.5),
            "cellbold": dict(fontName=bold, fontSize=8.8, leading=12),
            "captitle": dict(fontName=bold, fontSize=9.4, leading=13, spaceAfter=3),
            "capbody": dict(fontSize=8.6, leading=12.2, spaceAfter=4),
            "heading": dict(fontName=bold, fontSize=12, leading=16, textColor=NAVY, spaceBefore=12, spaceAfter=2),
            "band_kicker": dict(fontSize=8.6, leading=11, textColor=BAND_SOFT),
            "band_title": dict(fontName=bold, fontSize=16, leading=21, textColor=colors.white),
            "band_sub": dict(fontSize=10.5, leading=14, textColor=BAND_SOFT),
            "meta_label": dict(fontSize=7.4, leading=9.6, textColor=MUTED),
            "meta_value": dict(fontName=bold, fontSize=9, leading=12),
        }
        self._styles: dict[tuple[str, bool], ParagraphStyle] = {}
        for name, kw in specs.items():
            base = {"fontName": regular, "fontSize": 9.2, "leading": 13.2, "textColor": INK, **kw}
            self._styles[(name, True)] = ParagraphStyle(f"{name}-cjk", wordWrap="CJK", **base)
            self._styles[(name, False)] = ParagraphStyle(name, **base)

    def p(self, markup: str, name: str = "body", cjk: bool | None = None) -> Paragraph:
        """A paragraph of ready markup; Chinese line breaking (anywhere) only if it contains Chinese, unless
        `cjk` says otherwise."""
        return Paragraph(markup, self._styles[(name, bool(_HAN.search(markup)) if cjk is None else cjk)])

    def text(self, text: str | None, name: str = "body") -> Paragraph:
        return self.p(esc(text), name)

    def bi(self, b: Bi, name: str, second: str) -> list[Paragraph]:
        """A label or text in the primary language, and the second language below in a quieter style."""
        out = [self.text(b.primary, name)]
        if b.secondary:
            out.append(self.text(b.secondary, second))
        return out


def grid(rows: list, col_widths: list, commands: list, **kw) -> Table:
    """A Table whose plain-string cells (even empty ones) use the embedded font, not Helvetica,
    so the PDF references no font it does not embed."""
    return Table(rows, colWidths=col_widths, style=TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands]),
                 **kw)


def _grid_style(header_rows: int = 1) -> list:
    cmds = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
    ]
    if header_rows:
        cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), TINT),
                 ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, NAVY)]
    return cmds


class CheckBox(Flowable):
    """An empty square to tick by hand (drawn, so it never depends on a glyph)."""

    def __init__(self, size: float = 3.4 * mm):
        super().__init__()
        self.size = size

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's signature)
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(NAVY)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


# ---- building blocks ----------------------------------------------------------------------------

def section(title: Bi, st: Styles, first: list, rest: list | tuple = ()) -> list:
    """A heading with a rule, kept on the same page as `first` (which must not hold a KeepTogether:
    a nested KeepTogether reports an endless height and would push the block to the next page)."""
    markup = esc(title.primary)
    if title.secondary:
        markup += f'  <font size="9" color="#5F6B7A">{esc(title.secondary)}</font>'
    head = st.p(markup, "heading")
    rule = HRFlowable(width="100%", thickness=0.8, color=NAVY, spaceBefore=1, spaceAfter=6)
    return [CondPageBreak(45 * mm), KeepTogether([head, rule, *first]), *rest]


META_PAD = 6.5 * mm  # left + right padding of a meta cell


def meta_widths(cells: list[tuple[str, str]], st: Styles) -> list[float]:
    """Widths of the date / prepared by / reference / score cells: short values (a date, a reference
    number) never wrap; long ones (an officer and organisation) take the rest of the line."""
    value_w = [stringWidth(printable(v), st.bold, 9) + META_PAD for _, v in cells]
    label_w = [stringWidth(printable(label.replace("&amp;", "&")), st.regular, 7.4) + META_PAD for label, _ in cells]
    need = [max(v, lab) for v, lab in zip(value_w, label_w, strict=True)]
    if sum(need) <= WIDTH:
        spare = WIDTH - sum(need)
        return [n + spare * n / sum(need) for n in need]
    # a short value keeps its width; its label may wrap, up to two lines or so
    short = [max(v, min(lab, 30 * mm)) if v <= 45 * mm else None for v, lab in zip(value_w, label_w, strict=True)]
    fixed = sum(w for w in short if w is not None)
    flex_need = sum(n for n, w in zip(need, short, strict=True) if w is None) or 1.0
    rest = max(WIDTH - fixed, 0.0)
    return [w if w is not None else rest * n / flex_need for n, w in zip(need, short, strict=True)]


def header_band(h: Header, L: Labels, st: Styles) -> list:
    kicker = esc(h.kicker.primary) + (f"  ·  {esc(h.kicker.secondary)}" if h.kicker.secondary else "")
    rows = [[st.p(kicker, "band_kicker")], [st.text(h.title, "band_title")]]
    if h.subtitle:
        rows.append([st.text(h.subtitle, "band_sub")])
    band = grid(rows, [WIDTH], [
        ("BACKGROUND", (0, 0), (-1, -1), NAVY),
        ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("TOPPADDING", (0, 0), (-1, 0), 4.5 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 4.5 * mm),
    ])
    cells = [(L("brief.meta.date"), h.date), (L("brief.meta.prepared_by"), h.prepared_by or EMPTY),
             (L("brief.meta.reference"), h.reference), *h.extra]
    if h.score is not None:
        cells.append((L("brief.meta.score"), f"{h.score:.2f}"))
    widths = meta_widths([(slash(label), value) for label, value in cells], st)
    meta = grid(
        # a label led by Russian or English wraps between words ("Оценка соответствия / 匹配度" must not
        # break inside a word, as Chinese line breaking would)
        [[[st.p(slash(label), "meta_label", cjk=bool(_HAN.match(label.primary))), st.text(value, "meta_value")]
          for label, value in cells]],
        widths,
        [("BACKGROUND", (0, 0), (-1, -1), TINT),
         ("LINEBELOW", (0, 0), (-1, -1), 1.2, NAVY),
         ("VALIGN", (0, 0), (-1, -1), "TOP"),
         ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
         ("TOPPADDING", (0, 0), (-1, -1), 2.2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4 * mm)],
    )
    return [band, meta, Spacer(1, 2 * mm)]


def institutions_table(b: PairBrief, L: Labels, st: Styles) -> Table:
    a, p = b.institution, b.partner
    col = (WIDTH - LABEL_COL) / 2

    def row(label_key: str, left: str, right: str) -> list:
        return [st.bi(L(label_key), "label", "label2"), st.p(left, "cell"), st.p(right, "cell")]

    def both(v: Bi) -> list:
        return st.bi(v, "cell", "cell2")

    rows = [["", st.bi(L("brief.inst.institution"), "colhead", "colhead2"),
             st.bi(L("brief.inst.partner"), "colhead", "colhead2")]]
    for lang in ("zh", "ru", "en"):
        rows.append(row(f"brief.inst.name_{lang}", esc_or_dash(a.names.get(lang)), esc_or_dash(p.names.get(lang))))
    if a.other_names or p.other_names:
        rows.append(row("brief.inst.other_names", esc_or_dash("; ".join(a.other_names)),
                        esc_or_dash("; ".join(p.other_names))))
    rows.append([st.bi(L("brief.inst.country"), "label", "label2"), both(a.country), both(p.country)])
    rows.append([st.bi(L("brief.inst.type"), "label", "label2"), both(a.type), both(p.type)])
    rows.append(row("brief.inst.location", esc_or_dash(a.location), esc_or_dash(p.location)))
    rows.append(row("brief.inst.website", esc_or_dash(a.website), esc_or_dash(p.website)))
    rows.append(row("brief.inst.contacts", esc_or_dash("\n".join(a.contacts)), esc_or_dash("\n".join(p.contacts))))
    style = _grid_style() + [("BACKGROUND", (0, 1), (0, -1), LABEL_TINT)]
    return grid(rows, [LABEL_COL, col, col], style, repeatRows=1, splitInRow=1)


def capability_cell(v: CapabilityView | None, st: Styles, L: Labels, shown_in: int | None = None) -> list:
    """Title, description and details; a capability already shown in pair `shown_in` gets its title only."""
    if v is None:
        return [st.p(EMPTY, "cell")]
    out = [st.p(marked(v.title, v.title_marks), "captitle")]
    if shown_in is not None:
        return [*out, st.text(L.one("brief.cap.see_pair", n=shown_in), "muted")]
    if v.description.strip():
        out.append(st.p(marked(v.description, v.description_marks), "capbody"))
    for label, value in v.details:
        out.append(st.p(f'<font color="#5F6B7A">{esc(label.primary)}:</font> {esc(value)}', "small"))
    return out


def capability_pair_table(n: int, pair: CapabilityPair, L: Labels, st: Styles, shown: dict[str, int]) -> Table:
    """Pair `n` side by side; `shown` maps capability refs to the pair that already printed them in full."""
    half = WIDTH / 2

    def cell(v: CapabilityView | None) -> list:
        first = shown.get(v.ref) if v is not None else None
        if v is not None and first is None:
            shown[v.ref] = n
        return capability_cell(v, st, L, first)

    def head(v: CapabilityView | None) -> list:
        if v is None:
            return [st.p("", "colhead")]
        return [st.text(v.owner, "colhead"), st.p(slash(v.kind), "colhead2")]

    rows = [[st.text(L.one("brief.cap.pair", n=n, score=f"{pair.score:.2f}"), "label"), ""],
            [head(pair.left), head(pair.right)],
            [cell(pair.left), cell(pair.right)]]
    if pair.concepts:
        terms = []
        for c in pair.concepts:
            words = list(dict.fromkeys(c.get(lang, "") for lang in ("zh", "ru", "en") if c.get(lang)))
            terms.append(f'<font backColor="{MARK}">{esc(words[0])}</font>' + "".join(f" = {esc(w)}" for w in words[1:]))
        shared = [st.p(f"<b>{slash(L('brief.cap.shared'))}</b>", "small"), st.p(";  ".join(terms), "small")]
    else:
        shared = [st.text(L.one("brief.cap.no_concepts"), "muted")]
    rows.append([shared, ""])
    return grid(rows, [half, half], [
        ("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 3), (1, 3)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 1), (-1, 1), TINT),
        ("LINEABOVE", (0, 1), (-1, 1), 0.8, NAVY),
        ("LINEBEFORE", (1, 1), (1, 2), 0.4, RULE),
        ("LINEBELOW", (0, 2), (-1, 2), 0.4, RULE),
        ("LINEBELOW", (0, 3), (-1, 3), 0.8, NAVY),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("LEFTPADDING", (0, 0), (-1, 0), 0), ("BOTTOMPADDING", (0, 0), (-1, 0), 1 * mm),
    ], splitInRow=1)


def card_name(card: InstitutionCard, lang: str) -> str:
    """The institution's name in `lang`, else its first known name."""
    return card.names.get(lang) or next((n for n in card.names.values() if n), EMPTY)


def unmatched_table(b: PairBrief, L: Labels, st: Styles) -> Table:
    half = WIDTH / 2

    def cell(titles: list[str]) -> list:
        if not titles:
            return [st.text(L.one("brief.cap.none"), "muted")]
        return [st.p(f"•  {esc(t)}", "cell") for t in titles]

    rows = [[st.text(card_name(b.institution, L.lang), "colhead"), st.text(card_name(b.partner, L.lang), "colhead")],
            [cell(b.unmatched[0]), cell(b.unmatched[1])]]
    return grid(rows, [half, half], _grid_style(), splitInRow=1)


def points_table(points: list[Point], st: Styles) -> Table:
    rows = [[st.bi(pt.title, "cellbold", "cell2"), st.bi(pt.body, "cell", "cell2")] for pt in points]
    return grid(rows, [POINT_COL, WIDTH - POINT_COL], _grid_style(0), splitInRow=1)


def steps_table(steps: list[Bi], L: Labels, st: Styles, blank_rows: int = 3) -> Table:
    """The checklist: a box to tick, the step, and lines to write the responsible person and the date on;
    blank rows at the end for steps agreed at the meeting."""
    box_w, owner_w, due_w = 8 * mm, 38 * mm, 26 * mm
    step_w = WIDTH - box_w - owner_w - due_w
    rows = [["", st.bi(L("brief.steps.step"), "colhead", "colhead2"),
             st.bi(L("brief.steps.owner"), "colhead", "colhead2"), st.bi(L("brief.steps.due"), "colhead", "colhead2")]]
    rows += [[CheckBox(), st.bi(s, "cell", "cell2"), "", ""] for s in steps]
    rows += [[CheckBox(), "", "", ""] for _ in range(blank_rows)]
    heights = [None] * (1 + len(steps)) + [9 * mm] * blank_rows
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        # the lines to write on: under the responsible and due-date cells, and under the blank steps
        ("LINEBELOW", (2, 1), (3, -1), 0.5, MUTED),
        ("LINEBELOW", (1, len(steps) + 1), (1, -1), 0.5, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("TOPPADDING", (0, 1), (0, -1), 2.8 * mm),
    ]
    return grid(rows, [box_w, step_w, owner_w, due_w], style, rowHeights=heights, repeatRows=1)


# ---- a whole brief and the project cover --------------------------------------------------------

def pair_story(b: PairBrief, L: Labels, st: Styles) -> list:
    story = header_band(b.header, L, st)
    summary = [st.text(b.summary.primary, "summary")]
    if b.summary.secondary:
        summary.append(st.text(b.summary.secondary, "summary2"))
    if b.facts.primary:
        summary.append(st.text(b.facts.primary, "facts"))
    story += section(L("brief.section.summary"), st, summary)
    story += section(L("brief.section.institutions"), st, [], [institutions_table(b, L, st)])
    if b.no_match:
        first = [st.text(L.one("brief.cap.none_found"), "body"), Spacer(1, 2 * mm),
                 st.p(slash(L("brief.cap.on_record")), "label"), Spacer(1, 1 * mm)]
        rest = [unmatched_table(b, L, st)]
    else:
        # each pair stays on one page when it fits one; the first one stays with the heading
        shown: dict[str, int] = {}
        tables = [capability_pair_table(n, pair, L, st, shown) for n, pair in enumerate(b.pairs, 1)]
        first = [st.text(L.one("brief.cap.highlight_note"), "muted"), Spacer(1, 2 * mm), tables[0]]
        rest = []
        for table in tables[1:]:
            rest += [Spacer(1, 4 * mm), KeepTogether([table])]
    story += section(L("brief.section.capabilities"), st, first, rest)
    story += section(L("brief.section.cooperation"), st, [], [points_table(b.cooperation, st)])
    cons = [points_table(b.considerations, st)] if b.considerations else [st.text(L.one("brief.cons.none"), "body")]
    story += section(L("brief.section.considerations"), st, [], cons)
    story += section(L("brief.section.next_steps"), st, [], [steps_table(b.steps, L, st)])
    return story


def cover_story(c: Cover, L: Labels, st: Styles) -> list:
    story = header_band(c.header, L, st)
    if c.description.strip():
        story += section(L("brief.cover.about"), st, [], [st.text(c.description, "body")])
    head = [st.bi(L(k), "colhead", "colhead2") for k in
            ("brief.cover.rank", "brief.cover.partner", "brief.inst.country", "brief.inst.type",
             "brief.cover.score", "brief.cover.status")]
    rows = [head]
    for r in c.rows:
        name = [st.text(r.name, "cell")] + ([st.text(r.name2, "cell2")] if r.name2 else [])
        rows.append([st.text(str(r.rank), "cellbold"), name, st.text(r.country.primary, "cell"),
                     st.text(r.type.primary, "cell"),
                     st.text(f"{r.score:.2f}" if r.score is not None else EMPTY, "cell"),
                     st.text(r.status.primary, "cell")])
    widths = [12 * mm, 0.0, 20 * mm, 30 * mm, 18 * mm, 24 * mm]
    widths[1] = WIDTH - sum(widths)
    table = grid(rows, widths, _grid_style(), repeatRows=1, splitInRow=1)
    follow = st.bi(L("brief.cover.follow"), "muted", "muted")
    story += section(L("brief.cover.partners"), st, [], [table, Spacer(1, 3 * mm), *follow])
    return story


def _canvas_class(L: Labels, reference: str, regular: str):
    """A canvas that holds pages back until the end, so each footer can say "page X of Y"."""
    app_name = tr("app.name", L.lang)

    def page_label(page: int, total: int) -> str:
        return "  ·  ".join(tr("brief.footer.page", lang, page=page, total=total) for lang in L.languages)

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self._decorate(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(NAVY)
            self.setLineWidth(1.6)
            self.line(MARGIN_X, PAGE_H - 10 * mm, PAGE_W - MARGIN_X, PAGE_H - 10 * mm)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, 12 * mm, PAGE_W - MARGIN_X, 12 * mm)
            self.setFont(regular, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN_X, 8 * mm, printable(f"{app_name}  ·  {reference}"))
            self.drawRightString(PAGE_W - MARGIN_X, 8 * mm, printable(page_label(self._pageNumber, total)))
            self.restoreState()

    return NumberedCanvas


def render(document: BriefDocument) -> bytes:
    """The PDF of `document` as bytes."""
    st = Styles()
    L = document.labels
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=printable(document.title), author=printable(document.author or "Qiao·Most"),
        subject=printable(L.one("brief.kicker.pair")), creator="Qiao·Most", lang=L.lang,
        initialFontName=st.regular, initialFontSize=9,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list = []
    if document.cover is not None:
        story += cover_story(document.cover, L, st)
    for b in document.briefs:
        if story:
            story.append(PageBreak())
        story += pair_story(b, L, st)
    doc.build(story, canvasmaker=_canvas_class(L, document.reference, st.regular))
    return buf.getvalue()
