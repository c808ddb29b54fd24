#pragma once
// P1's certificates for certificates.json (`check --certificates`; format in
// docs/report-schema.md): both minimum-norm points, and the explicit sink
// with its exact cost or the exact convex combination that rules every sink
// out; for P1.b, also the certificate of the nuclear-norm program its
// cross-check solves. The independent checker (tools/check_certificates.py) re-checks them
// from the instance's tokens alone.
#include <memory>

#include <nlohmann/json.hpp>

#include "generators/sink_geometry.hpp"
#include "propositions/pattern_optimum.hpp"

namespace sinkcheck {

// `cross_check`: P1.b's solver (null for the other statements).
nlohmann::json sink_certificate(const SinkInstance& instance, const std::shared_ptr<PatternOptimumSolver>& cross_check);

}  // namespace sinkcheck
