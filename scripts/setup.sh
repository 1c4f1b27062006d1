#!/usr/bin/env bash
# scripts/setup.sh: installs everything the build and the tests need, idempotently.
#
#   scripts/setup.sh          everything (what `make test` needs)
#   scripts/setup.sh build    only what building and serving the site need (`make serve`, `make dist`):
#                             no Chromium, no chromedriver, no fonts
#
# Each step first checks whether its tool is already there at the pinned version and does
# nothing if so, so a second run installs nothing and needs no network. apt runs as root
# (through sudo when the user is not root); everything else installs into the user's
# ~/.cargo/bin and the project's node_modules/.
#
# The wasm32 toolchain: `rustup target add wasm32-unknown-unknown` first; when rustup is
# missing or cannot download, Debian's rustc-web 1.96 (bookworm-security) with build-std.
# The choice is written to .wasm-env, which only scripts/wasm.sh reads, so native builds
# never see the build-std variables. WASM_TOOLCHAIN=rustup|debian forces one path.
#
# This script must not build the project or change tracked files.

source "$(dirname "$0")/lib.sh"

MODE="${1:-all}"
case "$MODE" in
  all | test) WANT_BROWSER=1 ;;
  build) WANT_BROWSER=0 ;;
  *) die "usage: scripts/setup.sh [all|build]" ;;
esac

# ---------------------------------------------------------------- apt helpers

HAVE_DPKG=0
command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && HAVE_DPKG=1

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (run this as root, or install sudo)"
  fi
}

# Prints the packages among "$@" that dpkg does not list as installed.
missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update (as root)"
    as_root apt-get update
    APT_UPDATED=1
  fi
}

# Installs those of "$@" that are missing; does nothing (and no apt-get update) otherwise.
apt_install() {
  local missing
  [ "$HAVE_DPKG" -eq 1 ] || die "apt/dpkg not found; install these yourself: $*"
  missing=$(missing_pkgs "$@" | tr '\n' ' ')
  missing=${missing% }
  if [ -z "$missing" ]; then
    return 0
  fi
  apt_update_once
  say "apt-get install (as root): $missing"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
}

# cargo install must build host tools natively, never with the wasm environment
# (build-std would be applied to the host tools and fail).
host_cargo() {
  (
    unset RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD
    if [ "${RUSTUP_TOOLCHAIN:-}" = debian-web ]; then unset RUSTUP_TOOLCHAIN; fi
    cargo "$@"
  )
}

# ---------------------------------------------------------------- 1. system packages

step_system() {
  heading "setup: system packages"
  local pkgs=()
  # A C compiler: some crates of the host tools (ring, zstd-sys) compile C code.
  command -v cc >/dev/null 2>&1 || pkgs+=(gcc libc6-dev)
  command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  if [ "$WANT_BROWSER" -eq 1 ]; then
    # Debian's Chromium drives both browser test kinds; fonts-nanum draws the Korean
    # lesson text (without a Korean font the screenshot shows empty boxes).
    if [ "$HAVE_DPKG" -eq 1 ]; then
      pkgs+=(chromium chromium-driver fonts-nanum)
    else
      [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ||
        die "/usr/bin/chromium and /usr/bin/chromedriver are needed; install them yourself"
    fi
  fi
  if [ "${#pkgs[@]}" -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
  say "system packages: ok"
}

# ---------------------------------------------------------------- 2. wasm32 toolchain

DEBIAN_RUST_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
DEBIAN_RUST_MIN="1.88" # sha2 0.11 and the workspace's rust-version

debian_toolchain_ready() {
  [ "$HAVE_DPKG" -eq 1 ] || return 1
  [ -z "$(missing_pkgs "${DEBIAN_RUST_PKGS[@]}")" ] || return 1
  if command -v rustup >/dev/null 2>&1; then
    rustup toolchain list 2>/dev/null | grep -q '^debian-web' || return 1
  fi
  return 0
}

# Writes .wasm-env only when its content changes.
write_wasm_env() {
  local mode=$1 content
  content="# Written by scripts/setup.sh; read only by scripts/wasm.sh. Delete it to re-detect.
# mode: $mode"
  if [ "$mode" = debian ]; then
    if command -v rustup >/dev/null 2>&1; then
      content+="
export RUSTUP_TOOLCHAIN=debian-web"
    fi
    content+="
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
  fi
  if [ ! -f "$WASM_ENV_FILE" ] || [ "$(cat "$WASM_ENV_FILE")" != "$content" ]; then
    printf '%s\n' "$content" >"$WASM_ENV_FILE"
  fi
}

setup_debian_toolchain() {
  [ "$HAVE_DPKG" -eq 1 ] || die "no rustup wasm32 target and no apt: install rustup (https://rustup.rs) and run: rustup target add wasm32-unknown-unknown"
  if [ -n "$(missing_pkgs "${DEBIAN_RUST_PKGS[@]}")" ]; then
    apt_update_once
    local cand
    cand=$(apt-cache policy rustc-web 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ] || ! dpkg --compare-versions "$cand" ge "$DEBIAN_RUST_MIN"; then
      die "apt offers rustc-web '${cand:-none}', need >= $DEBIAN_RUST_MIN: add bookworm-security to the apt sources (deb http://deb.debian.org/debian-security bookworm-security main)"
    fi
    # lld-22 by name: rust-web-llvm ships /usr/bin/rust-lld as a link to it without depending on it.
    apt_install "${DEBIAN_RUST_PKGS[@]}"
  fi
  if command -v rustup >/dev/null 2>&1; then
    if ! rustup toolchain list 2>/dev/null | grep -q '^debian-web'; then
      say "rustup toolchain link debian-web /usr"
      rustup toolchain link debian-web /usr
    fi
  fi
  write_wasm_env debian
  say "wasm toolchain: Debian rustc-web $(dpkg-query -W -f='${Version}' rustc-web) with build-std (.wasm-env)"
}

# Whether rustup's active toolchain has the std sources that build-std compiles.
rust_src_ready() {
  rustup component list --installed 2>/dev/null | grep -q '^rust-src'
}

step_toolchain() {
  heading "setup: wasm32 toolchain"
  local want="${WASM_TOOLCHAIN:-auto}" saved=""
  case "$want" in auto | rustup | debian) ;; *) die "WASM_TOOLCHAIN must be rustup or debian" ;; esac
  if [ -f "$WASM_ENV_FILE" ]; then
    saved=$(sed -n 's/^# mode: //p' "$WASM_ENV_FILE")
  fi
  # An earlier run fell back to Debian: keep that choice rather than waiting for rustup again.
  if [ "$want" = auto ] && [ "$saved" = debian ] && debian_toolchain_ready; then
    write_wasm_env debian
    say "wasm toolchain: Debian rustc-web with build-std (chosen earlier; WASM_TOOLCHAIN=rustup retries rustup)"
    return
  fi
  if [ "$want" != debian ] && command -v rustup >/dev/null 2>&1; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && rust_src_ready; then
      write_wasm_env rustup
      say "wasm toolchain: rustup $(rustc -V 2>/dev/null | cut -d' ' -f2) with target wasm32-unknown-unknown and rust-src"
      return
    fi
    # rust-src: the release build compiles std itself (scripts/release.sh).
    say "timeout 300 rustup target add wasm32-unknown-unknown && rustup component add rust-src"
    if timeout 300 rustup target add wasm32-unknown-unknown && timeout 300 rustup component add rust-src; then
      write_wasm_env rustup
      say "wasm toolchain: rustup with target wasm32-unknown-unknown and rust-src"
      return
    fi
    [ "$want" = rustup ] && die "rustup target add wasm32-unknown-unknown failed"
    warn "rustup cannot download the wasm32 target; falling back to Debian's rustc-web"
  elif [ "$want" = rustup ]; then
    die "WASM_TOOLCHAIN=rustup but rustup is not installed"
  fi
  setup_debian_toolchain
}

# rustfmt and clippy: `make test` checks the layout and the lints of every crate with the native
# toolchain (the web crate compiles natively too), so they do not depend on the wasm toolchain.
step_lint_tools() {
  heading "setup: rustfmt and clippy"
  if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    say "rustfmt and clippy: present"
  elif command -v rustup >/dev/null 2>&1; then
    say "timeout 300 rustup component add rustfmt clippy"
    timeout 300 rustup component add rustfmt clippy || die "rustup cannot install rustfmt and clippy"
  else
    apt_install rustfmt rust-clippy
  fi
}

# ---------------------------------------------------------------- 3. crates

step_crates() {
  heading "setup: crates (cargo fetch)"
  command -v cargo >/dev/null 2>&1 || die "cargo not found"
  if [ ! -f Cargo.lock ]; then
    warn "Cargo.lock is missing; creating it with cargo fetch"
    host_cargo fetch
  elif host_cargo fetch --locked --offline >/dev/null 2>&1; then
    say "crates: all in the local cache"
  else
    host_cargo fetch --locked
  fi
  # build-std (every release build, and all wasm builds on the Debian fallback) compiles
  # std from source, and std has crates.io dependencies of its own (dlmalloc, hashbrown,
  # ...). Offline wasm builds (trunk --offline) fail without them; `cargo fetch --target`
  # with the build-std environment downloads them.
  if (release_env && scripts/wasm.sh cargo fetch --locked --offline --target wasm32-unknown-unknown >/dev/null 2>&1); then
    say "crates for build-std: all in the local cache"
  else
    (release_env && scripts/wasm.sh cargo fetch --locked --target wasm32-unknown-unknown)
  fi
}

# ---------------------------------------------------------------- 4. host tools

step_host_tools() {
  heading "setup: trunk and wasm-bindgen-cli"
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: present"
  else
    # Unpinned, cargo picks trunk 0.22, which needs a newer rustc than stable here.
    say "cargo install trunk --version $TRUNK_VERSION --locked   (about 7 minutes on 2 cores)"
    host_cargo install trunk --version "$TRUNK_VERSION" --locked
  fi

  local wb
  wb=$(wasm_bindgen_version)
  [ -n "$wb" ] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $wb" ] &&
    command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "wasm-bindgen-cli $wb: present"
  else
    # The CLI must equal the library exactly, or the build fails (or trunk tries to download one).
    say "cargo install wasm-bindgen-cli --version $wb --locked   (about 2-3 minutes)"
    if ! host_cargo install wasm-bindgen-cli --version "$wb" --locked; then
      # Some registry mirrors lack a crate version in its lock file; resolve afresh then.
      warn "locked install failed; retrying without --locked"
      host_cargo install wasm-bindgen-cli --version "$wb"
    fi
  fi
}

# ---------------------------------------------------------------- 5. npm packages

step_npm() {
  heading "setup: npm packages (binaryen, playwright-core)"
  command -v node >/dev/null 2>&1 || die "node not found"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    if [ "$WANT_BROWSER" -eq 1 ]; then
      die "node $(node -v) is too old: playwright-core needs node >= 20 (e.g. from https://deb.nodesource.com)"
    fi
    warn "node $(node -v) is older than 20; building works, the end-to-end test will not"
  fi
  # node_modules matches the lock file when every locked top-level package is installed at its
  # locked version; then `npm ci` (which always deletes and reinstalls) is skipped.
  if node -e '
      const fs = require("fs");
      const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
      for (const [key, entry] of Object.entries(lock.packages || {})) {
        if (!key) continue;
        const got = JSON.parse(fs.readFileSync(key + "/package.json", "utf8")).version;
        if (got !== entry.version) process.exit(1);
      }' 2>/dev/null; then
    say "node_modules: matches package-lock.json"
  else
    say "npm ci"
    npm ci --no-audit --no-fund
  fi
}

# ---------------------------------------------------------------- run

START=$(now_s)
step_system
step_toolchain
step_lint_tools
step_crates
step_host_tools
step_npm
say "setup: done in $(fmt_secs $(($(now_s) - START)))"
