# Rapporteur: `make run` opens the app on the sample, `make test` runs the whole suite.
# Both create or update .venv first and are safe to run again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages: Pango and HarfBuzz subsetting for WeasyPrint, the libraries Qt's
# xcb and offscreen plugins load, poppler-utils (pdftoppm, pdffonts) and Xvfb.
DEBS   := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
          libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1 libglib2.0-0 \
          libdbus-1-3 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 \
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
          poppler-utils xvfb

.PHONY: install system-deps run test lint sample bench fuzz screenshot bundle bundle-check clean

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@bash tools/system-deps.sh $(DEBS)

sample: install
	$(BIN)/python resources/samples/build_sample.py

run: install
	$(BIN)/python tools/run_sample.py

test: install
	$(BIN)/ruff check app tests tools resources/samples
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check app tests tools resources/samples
	$(BIN)/mypy

bundle: install
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bundle-check:
	@bash tools/bundle-check.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
