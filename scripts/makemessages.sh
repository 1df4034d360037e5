#!/usr/bin/env bash
# Extract translatable strings into Swedish .po files: one catalogue for the project
# (nsp/ and templates/) in locale/, and one per domain app in <app>/locale/, so that work
# on different apps never edits the same file. Run from the project root.
set -euo pipefail
PY=${PY:-$(pwd)/.venv/bin/python}
APPS=(certification cases funding reports privacy journal surveys)
ignores=(--ignore=.venv --ignore=var --ignore=tests --ignore=scripts)
for app in "${APPS[@]}"; do ignores+=(--ignore="$app/*"); done
"$PY" manage.py makemessages -l sv --no-location --no-obsolete "${ignores[@]}" -v 0
for app in "${APPS[@]}"; do
  mkdir -p "$app/locale"
  (cd "$app" && "$PY" ../manage.py makemessages -l sv --no-location --no-obsolete -v 0)
done
