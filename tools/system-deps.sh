#!/usr/bin/env bash
# Install the Debian packages Rapporteur needs, where we may; else say the one command.
set -u
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
else
  echo "note: not a Debian/Ubuntu system; make sure Pango, HarfBuzz and poppler-utils are installed"
  exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "error: could not install ${missing[*]}"; exit 1; }
else
  echo "Rapporteur needs these system packages. Run:"
  echo "  sudo apt-get install ${missing[*]}"
  exit 1
fi
