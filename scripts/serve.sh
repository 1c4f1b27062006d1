#!/usr/bin/env bash
# scripts/serve.sh (`make serve`): serves the site at http://127.0.0.1:8080/ while you edit.
#
# Sets up the build tools, then runs `trunk serve`: a debug build that rebuilds and reloads
# the page when core/, web/ or content/ change. It builds the full app (`--features full`:
# docker build, compose and jq in the one wasm, nothing fetched later; the release build's
# lite and full apps are `make dist`'s). It builds into target/serve-dist, so it never
# overwrites the release build in dist/. PORT=NNNN picks another port. Stop it with Ctrl+C.

source "$(dirname "$0")/lib.sh"

PORT="${PORT:-8080}"

scripts/setup.sh build

heading "serve: http://127.0.0.1:$PORT/  (Ctrl+C stops)"
exec scripts/wasm.sh trunk serve --offline --locked --features full --dist target/serve-dist \
  --public-url / --address 127.0.0.1 --port "$PORT"
