#!/usr/bin/env bash
# scripts/dist.sh (`make dist`): builds the static site into dist/ for hosting.
#
# Release build with relative asset URLs (--public-url ./), so the same dist/ works from
# any folder of any static host: the lite app every page loads and the full app it fetches on
# first need, one page per lesson rendered ahead of time, the service worker and manifest,
# .br/.gz siblings (scripts/release.sh); prints the size report at the end (a lesson page's load,
# the full app beside it). Sets up first (the build tools only: no browser). It must not touch
# anything but dist/ and target/.

source "$(dirname "$0")/lib.sh"

scripts/setup.sh build

heading "dist: release build (lite and full apps, pages) -> dist/"
scripts/release.sh dist

heading "dist: size"
node e2e/size.mjs dist
say "dist/ is ready: copy it to any folder of a static web server."
