#!/usr/bin/env bash
# Installs what CounterDesk needs on a fresh Debian 12 machine: the system libraries Qt needs
# (PLATFORM.md), espeak-ng for voice calls, and a virtual environment in ./.venv with the app.
#   --test  also installs PostgreSQL (the tests start a throwaway cluster of their own), Xvfb,
#           LibreOffice Calc and the test tools, and installs the app in editable mode.
# Run as root or as a user with sudo. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=app
[ "${1:-}" = "--test" ] && mode=test

packages=(python3 python3-venv python3-pip
          libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
          libpulse0 espeak-ng)
# tests: a PostgreSQL server, a real X display for the kiosk's lockdown test, LibreOffice to open
# the exported XLSX as a person would
[ "$mode" = test ] && packages+=(postgresql xvfb xauth libreoffice-calc)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "apt-get install: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package creates a cluster; the tests use their own, so leave the system one stopped.

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "$mode" = test ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
else
  .venv/bin/pip install -q --disable-pip-version-check .
fi
echo "CounterDesk installed in $(pwd)/.venv ($mode)"
