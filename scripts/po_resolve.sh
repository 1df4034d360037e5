#!/usr/bin/env bash
# Resolve a merge conflict in a .po file: regenerate the catalogues from the merged code
# and keep every translation either side had. Usage: scripts/po_resolve.sh PATH.po
set -euo pipefail
po=$1
tmp=$(mktemp -d)
git show ":2:$po" > "$tmp/ours.po"
git show ":3:$po" > "$tmp/theirs.po"
.venv/bin/python - "$tmp" <<'PY'
import json, sys, polib
tmp = sys.argv[1]
merged = {}
for name in ("theirs.po", "ours.po"):
    for e in polib.pofile(f"{tmp}/{name}"):
        if e.msgstr and "fuzzy" not in e.flags:
            merged[e.msgid] = e.msgstr
json.dump(merged, open(f"{tmp}/all.json", "w"), ensure_ascii=False)
PY
git show ":3:$po" > "$po"
bash scripts/makemessages.sh
# makemessages rewrote every catalogue; keep only the one being resolved.
for other in locale/sv/LC_MESSAGES/django.po */locale/sv/LC_MESSAGES/django.po; do
  [ "$other" = "$po" ] || git checkout -- "$other" 2>/dev/null || true
done
.venv/bin/python scripts/po_fill.py "$po" "$tmp/all.json" | tail -3
git add "$po"
