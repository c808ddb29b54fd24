#!/usr/bin/env bash
# Install what is missing and build sinkcheck (Release) into build/, nothing
# else: what a theory repository's CI needs before `sinkcheck gate`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
configure_and_build -DBUILD_TESTING=OFF -DSINKCHECK_BENCHMARKS=OFF -DSINKCHECK_PYTHON=OFF
echo "sinkcheck: built $BUILD/sinkcheck"
