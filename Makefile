# The two commands of the README: `make book` and `make test`. Everything the project needs is
# installed here, into .venv, from pyproject.toml; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: book test bench bench-texture benchdeps testdeps check-a11y check-readers sysdeps clean

# Every clone of a commit builds the same bytes: the outputs say they were made at the last
# commit's time (SOURCE_DATE_EPOCH; outside a git checkout, the build's day).
book: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
book: $(VENV)/.installed sysdeps
	$(BIN)/bookgen build .

test: $(VENV)/.installed-test sysdeps testdeps
	$(BIN)/python -m pytest -q

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

# Optional system library: WeasyPrint subsets fonts faster, and without a warning, with
# HarfBuzz's subsetter. Installed only where we are root on Debian; never fails the build.
sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1)) \
	     || echo "note: libharfbuzz-subset0 not installed; WeasyPrint uses fontTools instead"; \
	  fi; \
	fi

# For the tests only: LibreOffice opens the .docx bookgen docx writes (the test is skipped
# without it). Installed only where we are root on Debian; never fails the tests.
testdeps:
	@if ! command -v soffice >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq libreoffice-writer-nogui >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libreoffice-writer-nogui >/dev/null 2>&1)) \
	     || echo "note: LibreOffice not installed; the test that opens the .docx is skipped"; \
	  fi; \
	fi
	@if ! command -v zbarimg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq zbar-tools >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq zbar-tools >/dev/null 2>&1)) \
	     || echo "note: zbar-tools not installed; the barcode test is skipped"; \
	  else echo "note: no zbarimg (Debian: apt-get install -y zbar-tools); the barcode test is skipped"; fi; \
	fi

# The benchmark (bench/run.py): bookgen against Pandoc and the weasyprint command; writes
# bench/RESULTS.md. About 5 minutes on 2 cores.
bench: $(VENV)/.installed-bench sysdeps benchdeps
	$(BIN)/python bench/run.py --profile
	$(BIN)/python bench/photos.py
	$(BIN)/python bench/photos.py --photos 8 --output bench/PHOTOS-8.md

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[bench]'
	touch $@

# Pandoc and XeLaTeX for the comparison rows (bench/run.py, bench/texture.py), and poppler's
# pdftoppm for the pages as PNG: installed where we are root on Debian; otherwise skipped.
TEXDEPS := pandoc texlive-xetex texlive-lang-european texlive-latex-recommended \
  texlive-fonts-recommended lmodern poppler-utils
benchdeps:
	@if ! command -v pandoc >/dev/null || ! command -v xelatex >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq --no-install-recommends $(TEXDEPS) >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && \
	      apt-get install -y -qq --no-install-recommends $(TEXDEPS) >/dev/null 2>&1)) \
	     || echo "note: pandoc/xelatex not installed; the benchmark skips their rows"; \
	  else echo "note: no pandoc/xelatex (Debian: apt-get install -y $(TEXDEPS)); the benchmark skips their rows"; fi; \
	fi

# Justified text against Pandoc + XeLaTeX (loose lines, ladders, widows; bench/texture.py).
bench-texture: $(VENV)/.installed-bench sysdeps benchdeps
	$(BIN)/python bench/texture.py --png dist/texture

# Accessibility check of the EPUB with DAISY Ace (heavy: Chromium and Node packages, installed
# into .tools/ and from Debian on first use).
check-a11y: $(VENV)/.installed-test
	scripts/ace.sh install
	BOOKGEN_A11Y=1 $(BIN)/python -m pytest tests/test_epub.py tests/test_whole_book.py -q -k ace
	scripts/ace.sh check

# The EPUB in real reading systems: calibre (AZW3 and PDF, "Check book") and epub.js in Chromium
# at a phone's width (heavy: calibre and Chromium from Debian, npm packages into .tools/).
check-readers: $(VENV)/.installed-test
	scripts/readers.sh install
	$(BIN)/python scripts/check_readers.py

clean:
	rm -rf dist .pytest_cache
