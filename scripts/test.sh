#!/usr/bin/env bash
# The tests: install what is missing, build, run ctest (unit tests, the
# proposition properties and false variants, the regression run).
# Extra arguments go to ctest (e.g. -L long after configuring with
# -DSINKCHECK_LONG_TESTS=ON).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
configure_and_build
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" "$@"
