"""The `qiaomost` command line. Each command parses its arguments, calls one service and turns
errors into a one-line message: exit status 2 for usage, 1 for data errors. Never imports Qt
(`gui` imports app.gui lazily).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app import __version__


class CliError(Exception):
    """A data or environment problem: printed as one line, exit status 1."""



def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"

def _store(args: argparse.Namespace):
    from app.config import resolve_db_path
    from database import Store, StoreError

    path = resolve_db_path(args.db)
    try:
        return Store(path)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _db_path(args: argparse.Namespace) -> Path:
    from app.config import resolve_db_path

    return resolve_db_path(args.db)


# ---- commands ----------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    from app.services.importer import import_file
    from app.services.records import ImportValidationError

    policy = args.on_duplicate
    if policy == "ask" and not sys.stdin.isatty():
        policy = "keep"  # nobody to ask: keep both records and report the probable duplicates
    with _store(args) as store:
        try:
            report = import_file(store, args.file, on_duplicate=policy, ask=_ask_duplicate)
        except ImportValidationError as exc:
            for problem in exc.problems[1:20]:
                print(f"  {problem}", file=sys.stderr)
            raise CliError(f"import failed, nothing was changed: {exc}") from None
    print(
        f"Imported {report.source}{'' if report.encoding == 'UTF-8' else f' (read as {report.encoding})'}: "
        f"{report.created} new, {report.updated} updated, {report.merged} merged, "
        f"{report.skipped} skipped institutions; {_count(report.capabilities, 'capability', 'capabilities')}"
        + (f"; {_count(report.projects, 'project', 'projects')}" if report.projects else "")
    )
    for cand, decision in report.duplicates:
        verdict = {"keep": "kept as a separate record", "skip": "skipped"}.get(decision, f"merged into {cand.existing_ref}")
        where = report.positions.get(cand.existing_ref) if cand.in_file else None
        print(f"  probable duplicate: {cand.incoming_ref} ~ {cand.existing_ref}"
              + (f" [{where} of this file]" if where else "")
              + f" ({cand.score:.2f}: {'; '.join(cand.evidence)}) — {verdict}")
    return 0


def _record_line(inst) -> str:
    """One line of what a record holds, to compare two records by eye."""
    bits = [inst.country, inst.type, inst.city, inst.website]
    names = "; ".join(f"{n.name} [{n.lang}]" if n.lang else n.name for n in inst.names[:4])
    caps = len(inst.capabilities)
    return (" · ".join(b for b in bits if b) + (f" — {names}" if names else "")
            + (f" — {_count(caps, 'capability', 'capabilities')}" if caps else ""))


def _ask_duplicate(question) -> str:
    inc = question.incoming
    in_file = [c for c in question.candidates if question.where(c.existing_ref)]
    looks_like = ("an existing institution" if not in_file else "an earlier record of this file"
                  if len(in_file) == len(question.candidates) else "an existing institution or an earlier record of this file")
    here = f", {question.position}" if question.position and in_file else ""
    print(f"\n“{inc.name}” ({inc.ref}, {inc.country}{here}) looks like {looks_like}:")
    print(f"     {_record_line(inc)}")
    for i, c in enumerate(question.candidates, 1):
        ex = question.existing[c.existing_ref]
        where = question.where(c.existing_ref)
        origin = f"{where} of this file" if where else "in the database"
        print(f"  {i}. {ex.name} ({ex.ref}, {origin}) — {c.score:.2f}: {'; '.join(c.evidence)}")
        print(f"     {_record_line(ex)}")
    while True:
        answer = input("[k]eep both, [m]erge into 1" + (f"–{len(question.candidates)}" if len(question.candidates) > 1 else "")
                       + ", [s]kip this record? ").strip().lower()
        if answer in ("k", "keep", ""):
            return "keep"
        if answer in ("s", "skip"):
            return "skip"
        if answer.startswith("m"):
            num = answer[1:].strip() or "1"
            if num.isdigit() and 1 <= int(num) <= len(question.candidates):
                return "merge:" + question.candidates[int(num) - 1].existing_ref


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.exporter import ExportError, export_file

    with _store(args) as store:
        try:
            n = export_file(store, args.file)
        except ExportError as exc:
            raise CliError(str(exc)) from None
    print(f"Exported {n} institutions to {args.file}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import load_demo

    with _store(args) as store:
        totals = load_demo(store)
        count = store.institutions.count()
    print(f"Demo data loaded into {_db_path(args)}: {totals['created']} new, {totals['updated']} updated "
          f"institutions ({count} in the database)")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from app.services.matching import MatchRequest, MatchServiceError, run_match

    if bool(args.institution) == bool(args.text):
        raise UsageError("match needs exactly one of --institution REF or --text TEXT")
    if args.trl:
        try:
            lo, hi = (int(x) for x in args.trl.split("-", 1))
        except ValueError:
            raise UsageError("--trl takes a range such as 3-6") from None
        if not 1 <= lo <= hi <= 9:
            raise UsageError(f"--trl {args.trl}: give MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 9, e.g. 3-6")
    else:
        lo, hi = None, None
    request = MatchRequest(
        institution_ref=args.institution, text=args.text, country=args.country, top=args.top,
        types=args.type or [], fields=args.field or [], kinds=args.kind or [], trl_min=lo, trl_max=hi,
    )
    with _store(args) as store:
        try:
            matches = run_match(store, _db_path(args), request)
        except MatchServiceError as exc:
            raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=1))
        return 0
    if not matches:
        print("No matching partners found.")
    for m in matches:
        print(f"{m.rank:>3}. {m.score:.2f}  {m.institution_name} [{m.institution_ref}, {m.country}, {m.type}]")
        for r in m.reasons:
            print(f"       · {r.text}")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    try:
        from app.brief.service import BriefError, make_brief
    except ImportError:
        raise CliError("PDF briefs are not available in this build yet") from None
    if not args.project and not (args.institution and args.partner):
        raise UsageError("brief needs --institution REF --partner REF, or --project ID")
    with _store(args) as store:
        try:
            out = make_brief(store, _db_path(args), output=Path(args.output), institution_ref=args.institution,
                             partner_ref=args.partner, project_id=args.project, lang=args.lang,
                             bilingual=args.bilingual)
        except BriefError as exc:
            raise CliError(str(exc)) from None
    print(f"Brief written to {out}")
    return 0


def cmd_shortlist(args: argparse.Namespace) -> int:
    from app.i18n import Translator
    from app.reason_text import stored_reason_text
    from app.services.shortlist_export import ShortlistExportError, write_shortlist_xlsx

    if not args.output.lower().endswith(".xlsx"):
        raise UsageError("shortlist writes an .xlsx file: give -o NAME.xlsx")
    t = Translator(args.lang)
    with _store(args) as store:
        try:
            count = write_shortlist_xlsx(store, args.project, args.output, t.lang, lambda r: stored_reason_text(t, r))
        except ShortlistExportError as exc:
            raise CliError(str(exc)) from None
    print(f"Shortlist of project {args.project} ({_count(count, 'partner', 'partners')}) written to {args.output}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from app.gui.main import run_gui
    except ImportError as exc:
        raise CliError(f"the desktop interface cannot start: {exc}") from None
    return run_gui(db=args.db, demo=getattr(args, "demo", False))


# ---- parser ------------------------------------------------------------------------------------

class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit status 2
        self.exit(2, f"{self.prog}: usage error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="qiaomost", description="Qiao·Most (桥·Мост): partner matching for China–Russia technology transfer.")
    p.add_argument("--db", metavar="PATH", help="database file (default: $QIAOMOST_DB or the per-user data folder)")
    p.add_argument("--version", action="version", version=f"qiaomost {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("import", help="import a qiaomost/v1 JSON, CSV or XLSX file (all-or-nothing)")
    s.add_argument("file")
    s.add_argument("--on-duplicate", choices=["ask", "merge", "keep", "skip"], default="keep",
                   help="what to do with probable duplicates of existing institutions or of earlier rows of the "
                        "file (default: keep, with a report; skip leaves the incoming copy out)")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="export everything to a .json, .csv or .xlsx file")
    s.add_argument("file")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("match", help="suggest complementary partners for an institution or a free text")
    s.add_argument("--institution", metavar="REF", help="match from this institution's capabilities")
    s.add_argument("--text", metavar="TEXT", help="match a need or offer written in Chinese, Russian or English")
    s.add_argument("--country", metavar="CC", help="partner country, e.g. CN or RU (default: the other side)")
    s.add_argument("--top", type=int, default=10, metavar="N", help="number of partners (default 10)")
    s.add_argument("--type", action="append", metavar="TYPE", help="partner institution type (repeatable)")
    s.add_argument("--field", action="append", metavar="FIELD", help="field code, e.g. materials (repeatable)")
    s.add_argument("--kind", action="append", choices=["offer", "need", "research"], help="partner capability kind")
    s.add_argument("--trl", metavar="MIN-MAX", help="partner capability TRL range, e.g. 3-6")
    s.add_argument("--json", action="store_true", help="print a JSON array, best first")
    s.set_defaults(func=cmd_match)

    s = sub.add_parser("brief", help="write a partner-proposal PDF brief")
    s.add_argument("--institution", metavar="REF")
    s.add_argument("--partner", metavar="REF")
    s.add_argument("--project", type=int, metavar="ID", help="one PDF for a whole project shortlist")
    s.add_argument("--lang", choices=["zh", "ru", "en"], default="en")
    s.add_argument("--bilingual", choices=["auto", "yes", "no"], default="auto",
                   help="add the partner's language to the labels (default: auto, on for CN–RU pairs)")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.set_defaults(func=cmd_brief)

    s = sub.add_parser("shortlist", help="write a project's shortlist to an Excel (.xlsx) file")
    s.add_argument("--project", type=int, metavar="ID", required=True)
    s.add_argument("--lang", choices=["zh", "ru", "en"], default="en", help="language of headers, labels and reasons")
    s.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    s.set_defaults(func=cmd_shortlist)

    s = sub.add_parser("demo", help="load the demo portfolio (150+ real Chinese and Russian institutions)")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("gui", help="open the desktop application (the default)")
    s.add_argument("--demo", action="store_true", help="load the demo data first if the database is empty")
    s.set_defaults(func=cmd_gui)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args.demo = False
        args.func = cmd_gui
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"qiaomost: usage error: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"qiaomost: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("qiaomost: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
