#!/bin/sh
# Real reading systems for `make check-readers`, in a project-local folder.
#
#   scripts/readers.sh install    calibre and Chromium (Debian, where root), playwright-core,
#                                 epub.js and JSZip (npm, into .tools/readers); idempotent
#
# Nothing is downloaded at run time: playwright-core drives Debian's chromium (no browser
# download of its own), epub.js runs from the local node_modules.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${BOOKGEN_READERS_DIR:-$ROOT/.tools/readers}

need_apt() {
    missing=""
    command -v ebook-convert >/dev/null 2>&1 || missing="$missing calibre"
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
    else
        echo "readers.sh: missing$missing: sudo apt-get install$missing" >&2; exit 2
    fi
}

install() {
    need_apt
    if [ ! -d "$DIR/node_modules/epubjs" ] || [ ! -d "$DIR/node_modules/playwright-core" ]; then
        command -v npm >/dev/null 2>&1 || { echo "readers.sh: npm is missing (apt-get install npm)" >&2; exit 2; }
        mkdir -p "$DIR"
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$DIR" --no-audit --no-fund \
            --loglevel=error playwright-core@1 epubjs@0.3 jszip@3
    fi
}

case "${1:-}" in
    install) install ;;
    *) echo "usage: scripts/readers.sh install" >&2; exit 2 ;;
esac
