#pragma once
// P1's certificates for certificates.json (`check --certificates`; format in
// docs/report-schema.md): both minimum-norm points, and the explicit sink
// with its exact cost or the exact convex combination that rules every sink
// out; for P1.b, also the certificate of the nuclear-norm program its
// cross-check solves. The independent checker (tools/check_certificates.py) re-checks them
// from the instance's tokens alone.
#include <nlohmann/json.hpp>

#include "generators/sink_geometry.hpp"

namespace sinkcheck {

nlohmann::json sink_certificate(const SinkInstance& instance, bool cross_check);

}  // namespace sinkcheck
