# Shared by main-job.sh and test.sh: install what is missing, configure, build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${SINKCHECK_BUILD_DIR:-$ROOT/build}"
# Relative paths in ccache keys: clones of the repository share the cache.
export CCACHE_BASEDIR="$ROOT"

install_packages() {
  local wanted missing=()
  wanted=$(grep -v '^#' "$ROOT/scripts/debian-packages.txt" | grep -v '^$')
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "sinkcheck: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "sinkcheck: missing packages and not root; install them with apt-get first" >&2
      exit 2
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

configure() {
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
}

# build [target…]: the named targets, or everything (tests, fuzzers,
# benchmarks, the Python module) when none is named.
build() {
  # Two cores: both for one build, never two builds in one tree.
  ninja -C "$BUILD" -j "$(nproc)" "$@"
}

configure_and_build() {
  configure "$@"
  build
}
