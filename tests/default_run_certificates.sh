#!/usr/bin/env bash
# A default run (`check all --certificates`, default budget) and the
# independent checker on its certificates.
#   default_run_certificates.sh SINKCHECK PYTHON CHECKER REPORT_DIR
set -euo pipefail
"$1" check all --certificates --report "$4" > /dev/null
"$2" "$3" "$4/certificates.json"
