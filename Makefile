# The project's commands; each one sets up what it needs first (see README.md).
#   make serve   serve the site at http://127.0.0.1:8080/ (live reload)
#   make test    run every test: native, in headless Chromium, end to end, size budget
#   make dist    build the static site into dist/ (works from any sub-path)
#   make setup   only install the tools

.DEFAULT_GOAL := help
.PHONY: help serve test dist setup

help:
	@sed -n 's/^#   //p' Makefile

serve:
	scripts/serve.sh

test:
	scripts/test.sh

dist:
	scripts/dist.sh

setup:
	scripts/setup.sh
