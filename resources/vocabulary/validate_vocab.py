"""Quick structural check of vocabulary files (the real loader lives in matching/)."""
import pathlib
import re
import sys

FIELDS = {"biomed","agri","materials","energy","aerospace","marine_polar","ict","equipment","environment","services","basic"}
ok = True; ids = set(); n = 0
for path in sys.argv[1:]:
    block = {}; start = 0
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines() + [""]
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if s.startswith("#"): continue
        if not s:
            if block:
                n += 1
                for key in ("field", "zh", "ru", "en"):
                    if not block.get(key): print(f"{path}:{start}: {block.get('id')}: missing {key}"); ok = False
                for f in (block.get("field") or "").split(","):
                    if f.strip() not in FIELDS: print(f"{path}:{start}: unknown field {f!r}"); ok = False
                for t in (block.get("zh") or "").split("|"):
                    t = t.strip()
                    if len(t) < 2 or not re.search(r"[\u4e00-\u9fff]", t): print(f"{path}:{start}: bad zh term {t!r}"); ok = False
                for t in (block.get("ru") or "").split("|"):
                    if not re.search(r"[а-яё]", t.strip().lower()): print(f"{path}:{start}: bad ru term {t.strip()!r}"); ok = False
                for lang in ("zh","ru","en"):
                    terms = [t.strip() for t in (block.get(lang) or "").split("|")]
                    if any(not t for t in terms): print(f"{path}:{start}: empty {lang} term"); ok = False
                block = {}
            continue
        m = re.fullmatch(r"\[([a-z_]+\.[a-z0-9_]+)\]", s)
        if m:
            if block: print(f"{path}:{i}: missing blank line before {s}"); ok = False
            block = {"id": m.group(1)}; start = i
            if m.group(1) in ids: print(f"{path}:{i}: duplicate id {m.group(1)}"); ok = False
            ids.add(m.group(1)); continue
        m = re.fullmatch(r"(field|zh|ru|en|note):\s*(.+)", s)
        if not m or not block: print(f"{path}:{i}: cannot parse {s!r}"); ok = False; continue
        if m.group(1) in block: print(f"{path}:{i}: repeated key {m.group(1)}"); ok = False
        block[m.group(1)] = m.group(2)
print(f"{n} concepts, {'OK' if ok else 'ERRORS'}")
sys.exit(0 if ok else 1)
