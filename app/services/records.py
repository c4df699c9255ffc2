"""Validation of incoming records (from JSON, CSV or XLSX) into domain objects, with located errors.

Every reader produces "raw" institution dicts in the `qiaomost/v1` shape plus a location for each
record (a line for JSON, a row for CSV/XLSX); this module checks them all and either returns domain
objects or the complete list of problems, each naming file, line/row and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matching.fields import normalize_field
from matching.text import detect_language
from matching.types import (
    CAPABILITY_KINDS,
    INSTITUTION_TYPES,
    NAME_KINDS,
    SHORTLIST_STATUSES,
    Capability,
    Contact,
    Institution,
    InstitutionName,
)

ISO_COUNTRIES = set(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
    BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
    FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS
    IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM
    MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS
    PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
    TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split()
)

INSTITUTION_KEYS = {"ref", "name", "names", "aliases", "country", "region", "city", "type", "website", "notes",
                    "capabilities", "contacts"}
CAPABILITY_KEYS = {"ref", "kind", "lang", "title", "description", "keywords", "fields", "trl", "ip_status",
                   "cooperation"}


@dataclass
class ImportProblem:
    file: str
    location: str  # "line 12", "row 7", "sheet capabilities, row 3"
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ImportValidationError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass
class RawRecord:
    data: dict[str, Any]
    location: str  # of the institution
    cap_locations: list[str] = field(default_factory=list)  # one per capability


@dataclass
class ParsedImport:
    source: str
    format: str
    institutions: list[Institution]
    projects: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)  # ref → location, for later messages
    encoding: str = "UTF-8"  # how the file was read (a CSV may come in a legacy code page)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_trl(value: Any) -> int | None:
    """None when absent, the TRL when valid, -1 when present but not a whole number in 1–9."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return -1
    try:
        number = float(str(value).strip())
    except ValueError:
        return -1
    if not number.is_integer() or not 1 <= number <= 9:
        return -1
    return int(number)


def _str_list(value: Any) -> list[str] | None:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace("；", ";").split(";") if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [_text(v) for v in value if _text(v)]
    return None


class Validator:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[ImportProblem] = []

    def problem(self, location: str, fld: str, message: str) -> None:
        self.problems.append(ImportProblem(self.source, location, fld, message))

    def institutions(self, records: list[RawRecord]) -> list[Institution]:
        out: list[Institution] = []
        inst_refs: dict[str, str] = {}
        cap_refs: dict[str, str] = {}
        for rec in records:
            inst = self.institution(rec)
            if inst is None:
                continue
            if inst.ref in inst_refs:
                self.problem(rec.location, "ref", f"duplicate institution ref {inst.ref!r} (first at {inst_refs[inst.ref]})")
                continue
            inst_refs[inst.ref] = rec.location
            for i, cap in enumerate(inst.capabilities):
                loc = rec.cap_locations[i] if i < len(rec.cap_locations) else rec.location
                if cap.ref in cap_refs:
                    self.problem(loc, "capability ref", f"duplicate capability ref {cap.ref!r} (first at {cap_refs[cap.ref]})")
                cap_refs[cap.ref] = loc
            out.append(inst)
        return out

    def institution(self, rec: RawRecord) -> Institution | None:
        d, loc = rec.data, rec.location
        before = len(self.problems)
        if not isinstance(d, dict):
            self.problem(loc, "", "an institution must be an object")
            return None
        ref = _text(d.get("ref"))
        if not ref:
            self.problem(loc, "ref", "missing (every institution needs a stable ref)")
        names: list[InstitutionName] = []
        raw_names = d.get("names") or {}
        if not isinstance(raw_names, dict):
            self.problem(loc, "names", "must be an object of language → name")
            raw_names = {}
        for lang, name in raw_names.items():
            if _text(name):
                names.append(InstitutionName(_text(name), _text(lang), "official"))
        raw_aliases = d.get("aliases") or []
        if not isinstance(raw_aliases, list):
            self.problem(loc, "aliases", "must be a list")
            raw_aliases = []
        for a in raw_aliases:
            if not isinstance(a, dict) or not _text(a.get("name")):
                self.problem(loc, "aliases", f"each alias needs a name: {a!r}")
                continue
            kind = _text(a.get("kind")) or "short"
            if kind not in NAME_KINDS:
                self.problem(loc, "aliases.kind", f"unknown name kind {kind!r} (expected one of {', '.join(NAME_KINDS)})")
                continue
            names.append(InstitutionName(_text(a["name"]), _text(a.get("lang")) or detect_language(a["name"]), kind))
        name = _text(d.get("name")) or next((n.name for n in names if n.lang == "en"), "") or (names[0].name if names else "")
        if not name:
            self.problem(loc, "name", "missing (give name or names)")
        country = _text(d.get("country")).upper()
        if not country:
            self.problem(loc, "country", "missing (ISO 3166-1 alpha-2, e.g. CN or RU)")
        elif country not in ISO_COUNTRIES:
            self.problem(loc, "country", f"unknown country code {d.get('country')!r} (ISO 3166-1 alpha-2, e.g. CN or RU)")
        itype = _text(d.get("type"))
        if itype not in INSTITUTION_TYPES:
            self.problem(loc, "type", f"unknown institution type {itype!r} (expected one of {', '.join(INSTITUTION_TYPES)})")
        contacts = []
        raw_contacts = d.get("contacts") or []
        for c in raw_contacts if isinstance(raw_contacts, list) else []:
            if not isinstance(c, dict) or not _text(c.get("person")):
                self.problem(loc, "contacts", "each contact needs a person")
                continue
            contacts.append(Contact(_text(c.get("person")), _text(c.get("role")), _text(c.get("email")),
                                    _text(c.get("phone")), _str_list(c.get("languages")) or []))
        caps = []
        raw_caps = d.get("capabilities") or []
        if not isinstance(raw_caps, list):
            self.problem(loc, "capabilities", "must be a list")
            raw_caps = []
        for i, c in enumerate(raw_caps):
            cloc = rec.cap_locations[i] if i < len(rec.cap_locations) else loc
            cap = self.capability(c, cloc, ref)
            if cap:
                caps.append(cap)
        if len(self.problems) > before:
            return None
        extra = {k: v for k, v in d.items() if k not in INSTITUTION_KEYS and not k.startswith("_")}
        return Institution(
            ref=ref, name=name, country=country, type=itype, names=names, region=_text(d.get("region")),
            city=_text(d.get("city")), website=_text(d.get("website")), notes=_text(d.get("notes")),
            capabilities=caps, contacts=contacts, extra=extra,
        )

    def capability(self, c: Any, loc: str, inst_ref: str) -> Capability | None:
        if not isinstance(c, dict):
            self.problem(loc, "capabilities", "each capability must be an object")
            return None
        before = len(self.problems)
        ref = _text(c.get("ref"))
        label = f"capability {ref}" if ref else "capability"
        if not ref:
            self.problem(loc, "capability ref", "missing (every capability needs a stable ref)")
        kind = _text(c.get("kind")).lower()
        if kind not in CAPABILITY_KINDS:
            self.problem(loc, f"{label}: kind", f"unknown kind {c.get('kind')!r} (expected offer, need or research)")
        title = _text(c.get("title"))
        if not title:
            self.problem(loc, f"{label}: title", "missing")
        trl_raw = c.get("trl")
        trl = _parse_trl(trl_raw)
        if trl == -1:
            self.problem(loc, f"{label}: trl", f"{trl_raw!r} is not a TRL (a whole number from 1 to 9)")
        lists = {}
        for key in ("keywords", "fields", "cooperation"):
            v = _str_list(c.get(key))
            if v is None:
                self.problem(loc, f"{label}: {key}", "must be a list of strings or a ';'-separated text")
                v = []
            lists[key] = v
        if len(self.problems) > before:
            return None
        description = _text(c.get("description"))
        lang = _text(c.get("lang")) or detect_language(title + " " + description) or "en"
        extra = {k: v for k, v in c.items() if k not in CAPABILITY_KEYS and not k.startswith("_")}
        return Capability(
            ref=ref, kind=kind, title=title, lang=lang, description=description, keywords=lists["keywords"],
            fields=[normalize_field(f) for f in lists["fields"]], trl=trl,
            ip_status=_text(c.get("ip_status")) or None, cooperation=lists["cooperation"],
            institution_ref=inst_ref, extra=extra,
        )

    def projects(self, raw: Any, loc_of) -> list[dict[str, Any]]:
        if raw in (None, []):
            return []
        if not isinstance(raw, list):
            self.problem("", "projects", "must be a list")
            return []
        out = []
        for i, p in enumerate(raw):
            loc = loc_of(p) if isinstance(p, dict) else f"project {i + 1}"
            if not isinstance(p, dict) or not _text(p.get("title")):
                self.problem(loc, "projects.title", "missing")
                continue
            entries = []
            for e in p.get("shortlist") or []:
                if not isinstance(e, dict) or not _text(e.get("institution")):
                    self.problem(loc, "shortlist.institution", "missing institution ref")
                    continue
                status = _text(e.get("status")) or "proposed"
                if status not in SHORTLIST_STATUSES:
                    self.problem(loc, "shortlist.status", f"unknown status {status!r}")
                    continue
                entries.append({**e, "status": status})
            out.append({**p, "shortlist": entries})
        return out
