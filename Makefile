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

.PHONY: install system-deps run test lint sample bench fuzz faults screenshot bundle bundle-check clean

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Install missing Debian packages where we may (root on Debian/Ubuntu); else say how.
system-deps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(DEBS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	      || missing="$$missing $$p"; \
	  done; \
	else echo "note: not Debian/Ubuntu: install Pango, HarfBuzz and poppler-utils yourself"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $$missing >/dev/null || { echo "error: could not install$$missing"; exit 1; }; \
	  else \
	    echo "Rapporteur needs these system packages. Run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

sample: install
	$(BIN)/python resources/samples/build_sample.py

run: install
	$(BIN)/python -m app.sample

test: install
	$(BIN)/ruff check app tests resources/samples
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check app tests resources/samples
	$(BIN)/mypy

# Section-preview latency vs full builds on generated 20/150/400-page files, then
# parallel and cached whole-document builds against WeasyPrint alone (a few minutes).
bench: install
	$(BIN)/python tests/bench/bench_preview.py
	$(BIN)/python tests/bench/bench_build.py

# Fuzz the sanitiser, the importers, paste and the merge for FUZZ_SECONDS (10 minutes),
# a new random seed each round; stops at the first finding.
FUZZ_SECONDS ?= 600
fuzz: install
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); round=0; \
	while [ $$(date +%s) -lt $$end ]; do \
	  round=$$((round + 1)); seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
	  echo "fuzz round $$round, seed $$seed"; \
	  $(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-seed=$$seed \
	    tests/core/text/test_sanitize.py tests/core/io tests/core/sharing \
	    -k "fuzz or property or round_trip" || exit 1; \
	done; echo "fuzz: $$round rounds, no finding"

# kill -9 at random moments of autosave, Save a Copy and import: 100 kills each.
faults: install
	RAPPORTEUR_KILLS=100 $(BIN)/python -m pytest tests/core/test_faults.py -q -k kill \
	  --timeout=1800

screenshot: install
	xvfb-run -a -s "-screen 0 1500x950x24" $(BIN)/python -m app.ui.screenshot \
	  resources/screenshots/main-window.png

bundle: install
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bundle-check:
	@bash tests/bundle_check.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
