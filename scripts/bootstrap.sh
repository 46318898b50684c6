#!/usr/bin/env bash
# Make the project runnable on a new machine that has only Python 3.11, pip and apt:
# a virtual environment in .venv with wmp-tui and its dev tools installed, and (with
# --postgres) the PostgreSQL server binaries the tests start a throwaway cluster from, and
# Debian's Chromium, which the browser test of `wmp-tui serve` drives headless.
set -euo pipefail
cd "$(dirname "$0")/.."

want_postgres=0
[ "${1:-}" = "--postgres" ] && want_postgres=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null && as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "wmp-tui needs Python 3.11 or newer on PATH (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  py=$(pick_python)
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    # Debian ships venv separately; failing that, virtualenv from PyPI does the same job.
    apt_install python3-venv 2>/dev/null && "$py" -m venv .venv || {
      rm -rf .venv
      "$py" -m pip install -q --user virtualenv && "$py" -m virtualenv -q .venv
    }
  fi
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi

if [ "$want_postgres" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
   ! command -v initdb >/dev/null; then
  echo "Installing PostgreSQL server binaries for the test run (Debian package postgresql)..."
  apt_install postgresql || echo "Could not install PostgreSQL; its tests will fail under CI=true." >&2
fi

if [ "$want_postgres" = 1 ] && ! command -v chromium >/dev/null; then
  echo "Installing Chromium for the browser test of wmp-tui serve (Debian package chromium)..."
  apt_install chromium || echo "Could not install Chromium; the browser test will fail under CI=true." >&2
fi
