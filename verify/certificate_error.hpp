#pragma once
// A certificate that failed its exact check, or input a certifying routine
// cannot take. Thrown by the trusted checks (and by the proposers that call
// them); a caller turns it into "undefined", never into a verdict.
#include <stdexcept>

namespace sinkcheck {

struct CertificateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sinkcheck
