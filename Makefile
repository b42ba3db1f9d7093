# Terreau — every target installs what it needs. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
TERREAU := $(VENV)/bin/terreau
SHARED_DATA ?= ../shared/data
# Zonages and map points: the full development files when present, else the six départements of the
# test fixtures (which cover every demonstration territory).
GEO_DATA := $(if $(wildcard $(SHARED_DATA)/geo/commune_zonages.csv),$(SHARED_DATA)/geo,tests/fixtures/geo)
# Boundaries for maps: the development files (Admin Express COG 2018, every département) when
# present, else the fixtures' subset. Commune files go in one run so former communes dissolve.
CONTOURS := $(if $(wildcard $(SHARED_DATA)/geo/contours/regions.geojson),$(SHARED_DATA)/geo/contours,tests/fixtures/geo/contours)
CONTOUR_FILES := $(wildcard $(CONTOURS)/communes/*.geojson) $(wildcard $(CONTOURS)/communes-*.geojson) \
  $(CONTOURS)/$(if $(wildcard $(CONTOURS)/departements-avec-outre-mer.geojson),departements-avec-outre-mer,departements).geojson \
  $(CONTOURS)/$(if $(wildcard $(CONTOURS)/regions-avec-outre-mer.geojson),regions-avec-outre-mer,regions).geojson
export TERREAU_DATA_DIR ?= $(CURDIR)/var
STAMP := $(TERREAU_DATA_DIR)/.stamps
VENDOR := src/terreau/core/static/vendor

.PHONY: demo test quality assets bench docs screenshots install system-packages serve clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: chromium for browser tests, gettext to compile translations, and on PostgreSQL
# pg_dump/pg_restore for `terreau backup` (of the server's major version or later).
system-packages:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	case "$$DATABASE_URL" in postgres*) command -v pg_dump >/dev/null || missing="$$missing postgresql-client";; esac; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages; install them with: sudo apt-get install$$missing"; \
	  fi; \
	fi

assets: install
	mkdir -p $(VENDOR)/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	  node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	@if command -v msgfmt >/dev/null; then cd src/terreau && ../../$(TERREAU) manage compilemessages -v 0; \
	else echo "gettext is missing: English pages will show French (sudo apt-get install gettext)"; fi

$(STAMP)/migrated: install
	mkdir -p $(STAMP)
	$(TERREAU) manage migrate --noinput -v 0
	touch $@

$(STAMP)/geo: $(STAMP)/migrated package-lock.json
	$(TERREAU) geo load
	$(TERREAU) geo load-zonage $(GEO_DATA)/commune_zonages.csv \
	  --bassins-vie $(GEO_DATA)/bassins_vie_2022.csv --zones-emploi $(GEO_DATA)/zones_emploi_2020.csv
	$(TERREAU) geo load-points $(GEO_DATA)/communes_points.csv
	$(TERREAU) geo load-contours $(CONTOUR_FILES)
	touch $@

# The web server and, beside it, the worker that runs background jobs (imports); Ctrl-C stops both.
demo: system-packages assets $(STAMP)/geo
	$(TERREAU) demo load
	@echo "Terreau: http://127.0.0.1:8000"
	$(TERREAU) jobs worker & worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker" EXIT; \
	  $(TERREAU) manage runserver --noreload 127.0.0.1:8000

test: system-packages assets
	$(PY) -m pytest $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TERREAU) manage makemigrations --check --dry-run

docs: install
	$(PY) -c "from terreau.cli import reference_markdown; print(reference_markdown())" > docs/cli.md
	mkdir -p docs/schemas
	$(TERREAU) cooperation schema > docs/schemas/cooperation.schema.json

# The README's pictures, taken by the browser test that tours the demonstration (desktop and phone).
screenshots: system-packages assets
	TERREAU_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/browser/test_demo_tour.py

bench: install
	$(PY) bench/territories.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(TERREAU_DATA_DIR)
