#pragma once
// The limits every input is held to, in one place (docs/limits.md lists them
// for users). Each is checked before the input is used — before any large
// allocation, before any recursion it could deepen — and a violation is an
// input error naming the limit (exit 2), never a crash, a hang or a verdict.
//
// They are far above anything the shipped theory, the generators or a real
// measured model needs, and low enough that the worst input within them
// runs in seconds in bounded memory.
#include <cstddef>
#include <cstdint>

namespace sinkcheck::limits {

// Formulas (theory-file claims, and the claims stored in a report that
// `replay` re-parses). The parser recurses once per level of nesting, and
// every walk of the parsed tree once per node of its deepest branch (a chain
// a + b + c … is a left-deep tree), so both are bounded.
inline constexpr std::size_t formula_nodes = 1000;  // numbers, names and operations of one side of a relation
inline constexpr std::size_t formula_nesting = 64;  // parentheses, function calls, signs, powers inside one another

// Exact numbers written as text (theory files, --set, stored inputs).
inline constexpr std::size_t number_length = 100000;  // characters of one number
inline constexpr long number_exponent = 100000;       // |e| in 1e±e

// The theory file, read whole before it is parsed.
inline constexpr std::size_t theory_file_bytes = 1 << 20;  // 1 MiB
inline constexpr std::size_t toml_nesting = 32;            // arrays/inline tables inside one another, and parts of a dotted key

// A report read by `replay` (JSON).
inline constexpr std::size_t report_file_bytes = std::size_t(64) << 20;  // 64 MiB
inline constexpr std::size_t json_nesting = 64;

// A shard record read by `merge` (JSON; certificates make it large).
inline constexpr std::size_t shard_file_bytes = std::size_t(1) << 30;  // 1 GiB

// A safetensors file read by `heads`.
inline constexpr std::uint64_t safetensors_header_bytes = 16 << 20;  // 16 MiB (the reference reader allows 100 MB)
inline constexpr std::uint64_t safetensors_values = std::uint64_t(1) << 26;  // tensor elements in one file (512 MiB as double)
// `heads` computes tr(B W^T W) per head: H d^3 products at every stage.
inline constexpr std::uint64_t heads_dim = 1024;
inline constexpr std::uint64_t heads_work = std::uint64_t(1) << 32;  // H d^3 (1024 heads of d = 128 fit)

// The nuclear-norm program min ||W||_* s.t. p_k^T W q_k >= 1 (P4's optima,
// P1.b's cross-check, the Python module's min_nuclear_norm and
// pattern_cost). The interior point's normal matrix has 2n^2 + n rows
// (memory ~n^4, time ~n^6 per iteration) and its constraint matrix K n^2
// entries: the dimension is held to the widest legal P4 instance
// (2 * 12 groups + 1 + 32 nuisance coordinates; generators/copy_task.cpp
// asserts it), the constraints to above P4's most (~21 000 at that width).
inline constexpr std::size_t nuclear_program_dim = 57;
inline constexpr std::size_t nuclear_program_constraints = std::size_t(1) << 15;

// The exact stage: a value whose representation would grow past this is
// "not exact" (the interval ladder takes over), never an unbounded allocation.
// Work is counted as terms x terms x coefficient bits per product (about
// 5 ns a unit), terms x bits per sign evaluation.
inline constexpr std::size_t exact_terms = 1 << 16;             // terms of one Laurent polynomial
inline constexpr std::size_t exact_coefficient_bits = 1 << 18;  // bits of one coefficient (numerator + denominator)
inline constexpr std::size_t exact_product_work = std::size_t(1) << 24;     // one product
inline constexpr std::size_t exact_sign_work = std::size_t(1) << 26;        // one sign evaluation
inline constexpr std::size_t exact_evaluation_work = std::size_t(1) << 28;  // everything inside one ExactField scope

}  // namespace sinkcheck::limits
