# Crop Mapper: set-up, demo, tests, packaging.
# QGIS's Python bindings belong to the system interpreter; override with PYTHON=...
PYTHON ?= /usr/bin/python3
QGIS_PROCESS ?= $(shell command -v qgis_process.bin 2>/dev/null || command -v qgis_process 2>/dev/null)
BUILD ?= build
PLUGIN_PATH := $(abspath $(BUILD))/plugins
PROFILE ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES = qgis qgis-providers python3-qgis python3-sklearn python3-gdal python3-pytest gdal-bin python3-numba \
  qttools5-dev-tools python3-hypothesis
LRELEASE ?= lrelease
TS := $(wildcard i18n/*.ts)
QM := $(TS:.ts=.qm)
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

export QT_QPA_PLATFORM ?= offscreen
export PYTHON QGIS_PROCESS

.PHONY: deps link demo test check-bad-inputs bench models shots zip deploy clean ts qm help

# Installs QGIS, scikit-learn, GDAL, numba (optional at run time: faster prediction), pytest, hypothesis
# (the bad-input battery's fuzzing) and lrelease (translations) when missing.
deps:
	@if $(PYTHON) -c "import qgis.core, sklearn, osgeo.gdal, numpy, pytest, numba, hypothesis" 2>/dev/null \
	   && command -v qgis_process.bin >/dev/null 2>&1 && command -v $(LRELEASE) >/dev/null 2>&1; then \
	  echo "deps: QGIS, scikit-learn, GDAL, numba, pytest, hypothesis and lrelease are installed"; \
	else \
	  echo "deps: installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

# qgis_process and the tests find the plugin as a folder named cropmapper on the plugin path.
link:
	@mkdir -p $(PLUGIN_PATH)
	@ln -sfn $(CURDIR) $(PLUGIN_PATH)/cropmapper

demo: deps link
	$(PYTHON) scripts/demo.py --plugin-path $(PLUGIN_PATH) --out $(BUILD)/demo

# Translations: `make ts` re-extracts the strings into i18n/*.ts (keeping the translations; translate the
# unfinished ones, e.g. in Qt Linguist), `make qm` compiles them, `make help` writes help/ from the texts.
ts: link
	$(PYTHON) scripts/extract_strings.py

i18n/%.qm: i18n/%.ts
	$(LRELEASE) -silent $< -qm $@

qm: $(QM)

help: link qm
	$(PYTHON) scripts/build_help.py

test: deps link qm help
	$(PYTHON) -m pytest -q -p no:cacheprovider tests

# The bad-input battery (tests/test_bad_inputs.py, part of make test) printed as a table: case, algorithm, exit, message.
check-bad-inputs: deps link
	@mkdir -p $(BUILD)
	@rm -f $(BUILD)/bad_inputs.txt
	BAD_INPUTS_TABLE=$(abspath $(BUILD))/bad_inputs.txt $(PYTHON) -m pytest -q -p no:cacheprovider tests/test_bad_inputs.py; \
	  status=$$?; cat $(BUILD)/bad_inputs.txt 2>/dev/null; exit $$status

# Performance goals as paired ratios, ~25 min (scripts/bench.py --help); quick: BENCH_ARGS="--sizes 256 --dates 8 --repeats 1"
bench: deps link
	$(PYTHON) scripts/bench.py $(BENCH_ARGS)

# Rebuilds models/*.model3 from scripts/build_models.py (after changing an algorithm's parameters).
models: deps link
	$(PYTHON) scripts/build_models.py

# Pictures of what a user sees (after make demo): the reports, the loaded product's layers, QGIS desktop under
# Xvfb with the quality-report dialog. Installs Xvfb and ImageMagick when missing.
shots: deps link
	@command -v Xvfb >/dev/null 2>&1 && command -v import >/dev/null 2>&1 || \
	  (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends xvfb imagemagick)
	$(PYTHON) scripts/shots.py --out $(BUILD)/shots --html $(BUILD)/demo/products/*/AUX_DATA/*_QRP_*.html \
	  $(BUILD)/demo/comparison.html --project $(BUILD)/demo/demo.qgs --desktop --dialog cropmapper:qualityreport \
	  --product "$$(ls -d $(BUILD)/demo/products/S2AGRI_L4B_* | tail -1)"

# The committed files of HEAD plus the built translations and help pages, then the plugin repository's checks.
zip: qm help
	@rm -rf $(BUILD)/zip && mkdir -p $(BUILD)/zip/cropmapper
	git archive --format=tar HEAD -- metadata.txt __init__.py plugin.py provider.py translation.py algorithms \
	  science styles icons models i18n LICENSE README.md | tar -x -C $(BUILD)/zip/cropmapper
	cp $(QM) $(BUILD)/zip/cropmapper/i18n/ && cp -r help $(BUILD)/zip/cropmapper/help
	cd $(BUILD)/zip && rm -f ../cropmapper-$(VERSION).zip && $(PYTHON) -m zipfile -c ../cropmapper-$(VERSION).zip cropmapper
	@echo "built $(BUILD)/cropmapper-$(VERSION).zip (Plugins > Install from ZIP)"
	-$(PYTHON) scripts/check_zip.py $(BUILD)/cropmapper-$(VERSION).zip

# Links the plugin into the QGIS user profile (PROFILE=... for another profile folder).
deploy:
	@dest="$${PROFILE:-$$HOME/.local/share/QGIS/QGIS3/profiles/default}/python/plugins"; \
	mkdir -p "$$dest" && ln -sfn $(CURDIR) "$$dest/cropmapper" && echo "linked $$dest/cropmapper -> $(CURDIR)"

clean:
	rm -rf $(BUILD)
