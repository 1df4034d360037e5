#!/usr/bin/env python
"""Merge translations into a .po file and report what is still untranslated.

    python scripts/po_fill.py locale/sv/LC_MESSAGES/django.po new.json

``new.json`` maps msgid → msgstr. Without a JSON file it only lists missing entries.
"""

from __future__ import annotations

import json
import sys

import polib


def main(argv: list[str]) -> int:
    po = polib.pofile(argv[0])
    updates: dict[str, str] = {}
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as handle:
            updates = json.load(handle)
    for entry in po:
        if entry.msgid in updates:
            entry.msgstr = updates[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(po.translated_entries())} translated, {len(missing)} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
