#!/bin/sh
# DAISY Ace, the EPUB accessibility checker, in a project-local folder.
#
#   scripts/ace.sh install          install Ace (npm) and Chromium (apt) if missing; idempotent
#   scripts/ace.sh check [EPUB…]    run Ace; with no file, build the memoir's EPUB and check it
#
# Ace drives Chromium through Puppeteer: we skip Puppeteer's own browser download and point it at
# Debian's chromium (Ace itself passes --no-sandbox, which Chromium needs when run as root).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ACE_DIR=${BOOKGEN_ACE_DIR:-$ROOT/.tools/ace}
ACE_VERSION=${ACE_VERSION:-1.4.6}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
export PUPPETEER_SKIP_DOWNLOAD=1
export PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium || echo /usr/bin/chromium)}
export BOOKGEN_ACE_DIR="$ACE_DIR"

install() {
    if ! command -v chromium >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
        else
            echo "ace.sh: chromium is missing: sudo apt-get install chromium" >&2; exit 2
        fi
    fi
    if [ ! -x "$ACE_DIR/node_modules/.bin/ace-cli" ]; then
        command -v npm >/dev/null 2>&1 || { echo "ace.sh: npm is missing (apt-get install npm)" >&2; exit 2; }
        mkdir -p "$ACE_DIR"
        npm install --prefix "$ACE_DIR" --no-audit --no-fund --loglevel=error \
            "@daisy/ace-cli@$ACE_VERSION"
    fi
}

check() {
    if [ "$#" -eq 0 ]; then
        out=$(mktemp -d)
        trap 'rm -rf "$out"' EXIT
        "$PYTHON" -c 'import sys; from pathlib import Path; from bookgen.api import build
build(sys.argv[1], ["epub"], {"epub": Path(sys.argv[2])})' "$ROOT" "$out/book.epub"
        set -- "$out/book.epub"
    fi
    status=0
    for epub in "$@"; do
        "$PYTHON" -m bookgen.preflight.validators ace "$epub" || status=1
    done
    return $status
}

case "${1:-}" in
    install) install ;;
    check) shift; check "$@" ;;
    *) echo "usage: scripts/ace.sh install | check [EPUB…]" >&2; exit 2 ;;
esac
