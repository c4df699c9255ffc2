"""Check the demo portfolio's own conventions, beyond what the importer enforces.

Every demo institution has names in zh, ru and en, a website, 2–5 capabilities with known field codes,
cooperation modes and IP statuses. Usage: python scripts/validate_demo.py resources/demo/*.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.fields import FIELDS  # noqa: E402
from matching.types import (  # noqa: E402
    CAPABILITY_KINDS,
    COOPERATION_MODES,
    INSTITUTION_TYPES,
    IP_STATUSES,
    NAME_KINDS,
)


def check_institution(inst: dict, where: str, refs: set[str]) -> list[str]:
    errors = []
    if not re.fullmatch(r"(cn|ru)-[a-z0-9-]+", inst.get("ref", "")):
        errors.append(f"{where}: bad ref")
    if inst.get("ref") in refs:
        errors.append(f"{where}: duplicate ref")
    refs.add(inst.get("ref", ""))
    errors += [f"{where}: names.{lang} missing" for lang in ("zh", "ru", "en") if not inst.get("names", {}).get(lang)]
    if inst.get("type") not in INSTITUTION_TYPES:
        errors.append(f"{where}: bad type")
    if inst.get("country") not in ("CN", "RU"):
        errors.append(f"{where}: bad country")
    if not inst.get("website", "").startswith("http"):
        errors.append(f"{where}: website")
    errors += [f"{where}: bad alias {a}" for a in inst.get("aliases", [])
               if a.get("kind") not in NAME_KINDS or not a.get("name") or not a.get("lang")]
    caps = inst.get("capabilities", [])
    if not 2 <= len(caps) <= 5:
        errors.append(f"{where}: {len(caps)} capabilities")
    for c in caps:
        ref = c.get("ref")
        if ref in refs:
            errors.append(f"{where}: duplicate capability ref {ref}")
        refs.add(ref)
        if c.get("kind") not in CAPABILITY_KINDS or c.get("lang") not in ("zh", "ru", "en"):
            errors.append(f"{where}: {ref} kind/lang")
        if not c.get("title") or len(c.get("description", "")) < 40:
            errors.append(f"{where}: {ref} title/description")
        if not c.get("fields") or not set(c["fields"]) <= set(FIELDS):
            errors.append(f"{where}: {ref} fields {c.get('fields')}")
        if c.get("trl") is not None and not (isinstance(c["trl"], int) and 1 <= c["trl"] <= 9):
            errors.append(f"{where}: {ref} trl")
        if not set(c.get("cooperation", [])) <= set(COOPERATION_MODES):
            errors.append(f"{where}: {ref} cooperation {c.get('cooperation')}")
        if c.get("ip_status") is not None and c["ip_status"] not in IP_STATUSES:
            errors.append(f"{where}: {ref} ip_status")
    return errors


def main(paths: list[str]) -> int:
    refs: set[str] = set()
    errors: list[str] = []
    n = caps = 0
    for path in paths:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        for i, inst in enumerate(doc["institutions"]):
            n += 1
            caps += len(inst.get("capabilities", []))
            errors += check_institution(inst, f"{path}: institution {i} ({inst.get('ref')})", refs)
    print("\n".join(errors))
    print(f"{n} institutions, {caps} capabilities, {'OK' if not errors else 'ERRORS'}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
