#include "verify/working_precision.hpp"

namespace sinkcheck {

namespace {
thread_local unsigned working_precision = 128;
}  // namespace

WorkingPrecision::WorkingPrecision(unsigned bits) : saved_(working_precision) { working_precision = bits; }
WorkingPrecision::~WorkingPrecision() { working_precision = saved_; }
unsigned WorkingPrecision::working_bits() { return working_precision; }

}  // namespace sinkcheck
