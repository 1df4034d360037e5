#!/usr/bin/env bash
# Install the Debian packages the project needs when they are missing: pango (WeasyPrint),
# gettext (compiling translations), chromium (browser tests), fonts for PDFs.
# Runs apt-get only as root; otherwise it says what is missing and goes on.
set -euo pipefail

need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi "dejavu\|liberation" || need+=(fonts-dejavu-core fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages (install them with apt-get as root): ${need[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
