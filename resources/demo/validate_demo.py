"""Quick structural check of demo files (the real importer lives in app/ and database/)."""
import json
import re
import sys

TYPES = {"university","research_institute","enterprise","tech_park","intermediary","government"}
KINDS = {"offer","need","research"}
FIELDS = {"biomed","agri","materials","energy","aerospace","marine_polar","ict","equipment","environment","services","basic"}
COOP = {"joint_rnd","licensing","technology_sale","joint_lab","joint_venture","co_location","talent_exchange","joint_education","standards","big_science","contract_research","distribution","investment","pilot_production"}
IP = {"patented","patent_pending","know_how","copyright","open","none"}
ALIAS_KINDS = {"official","short","abbreviation","former","transliteration"}
ok = True; refs = set(); caps = 0; n = 0
def err(msg):
    global ok; ok = False; print(msg)
for path in sys.argv[1:]:
    doc = json.load(open(path, encoding="utf-8"))
    assert doc["format"] == "qiaomost/v1"
    for i, inst in enumerate(doc["institutions"]):
        n += 1; where = f"{path}: institution {i} ({inst.get('ref')})"
        if not re.fullmatch(r"(cn|ru)-[a-z0-9-]+", inst.get("ref","")): err(f"{where}: bad ref")
        if inst["ref"] in refs: err(f"{where}: duplicate ref")
        refs.add(inst["ref"])
        for lang in ("zh","ru","en"):
            if not inst.get("names",{}).get(lang): err(f"{where}: names.{lang} missing")
        if inst.get("type") not in TYPES: err(f"{where}: bad type")
        if inst.get("country") not in ("CN","RU"): err(f"{where}: bad country")
        if not inst.get("website","").startswith("http"): err(f"{where}: website")
        for a in inst.get("aliases", []):
            if a.get("kind") not in ALIAS_KINDS or not a.get("name") or not a.get("lang"): err(f"{where}: bad alias {a}")
        cs = inst.get("capabilities", [])
        if not 2 <= len(cs) <= 5: err(f"{where}: {len(cs)} capabilities")
        for c in cs:
            caps += 1
            if c.get("ref") in refs: err(f"{where}: duplicate capability ref {c.get('ref')}")
            refs.add(c.get("ref"))
            if c.get("kind") not in KINDS: err(f"{where}: {c.get('ref')} kind")
            if c.get("lang") not in ("zh","ru","en"): err(f"{where}: {c.get('ref')} lang")
            if not c.get("title") or len(c.get("description","")) < 40: err(f"{where}: {c.get('ref')} title/description")
            if not set(c.get("fields",[])) <= FIELDS or not c.get("fields"): err(f"{where}: {c.get('ref')} fields {c.get('fields')}")
            if c.get("trl") is not None and not (isinstance(c["trl"], int) and 1 <= c["trl"] <= 9): err(f"{where}: trl")
            if not set(c.get("cooperation",[])) <= COOP: err(f"{where}: {c.get('ref')} cooperation {c.get('cooperation')}")
            if c.get("ip_status") is not None and c["ip_status"] not in IP: err(f"{where}: ip_status")
print(f"{n} institutions, {caps} capabilities, {'OK' if ok else 'ERRORS'}")
sys.exit(0 if ok else 1)
