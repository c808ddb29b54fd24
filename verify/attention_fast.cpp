#include "verify/attention_fast.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "verify/attention_fast_kernel.hpp"

namespace sinkcheck::fast {

namespace {

// The copies of the kernels this build compiled, best first, with what the
// CPU must support to run each (cmake/FastKernels.cmake defines which exist).
struct KernelLevel {
  const char* name;  // SINKCHECK_ISA's value
  const KernelTable* table;
  bool (*supported)();
};

#if defined(SINKCHECK_FAST_KERNEL_V3) || defined(SINKCHECK_FAST_KERNEL_V4)
// GCC (12 and later) tests the x86-64 levels by name; Clang before 19 knows
// only features, so it tests the ones the levels' compiled code leans on.
bool cpu_runs_v3() {
#if defined(__clang__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
#else
  return __builtin_cpu_supports("x86-64-v3");
#endif
}
bool cpu_runs_v4() {
#if defined(__clang__)
  return cpu_runs_v3() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd");
#else
  return __builtin_cpu_supports("x86-64-v4");
#endif
}
#endif

#if defined(SINKCHECK_FAST_KERNEL_NATIVE)
// One copy built for the machine that compiled it (SINKCHECK_NATIVE).
const KernelLevel kLevels[] = {{"native", &kernel_native::table, [] { return true; }}};
#else
const KernelLevel kLevels[] = {
#if defined(SINKCHECK_FAST_KERNEL_V4)
    {"v4", &kernel_v4::table, cpu_runs_v4},
#endif
#if defined(SINKCHECK_FAST_KERNEL_V3)
    {"v3", &kernel_v3::table, cpu_runs_v3},
#endif
    {"baseline", &kernel_baseline::table, [] { return true; }},
};
#endif

std::string level_names() {
  std::string names;
  for (const KernelLevel& level : kLevels) names += (names.empty() ? "" : ", ") + std::string(level.name);
  return names;
}

const KernelTable& choose_kernels() {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
#endif
  const char* forced = std::getenv("SINKCHECK_ISA");
  if (forced == nullptr || *forced == '\0') {
    for (const KernelLevel& level : kLevels)
      if (level.supported()) return *level.table;
  }
  for (const KernelLevel& level : kLevels) {
    if (std::string(level.name) != forced) continue;
    if (!level.supported())
      throw std::invalid_argument("SINKCHECK_ISA=" + std::string(forced) + ": this CPU does not support that level");
    return *level.table;
  }
  throw std::invalid_argument("SINKCHECK_ISA: '" + std::string(forced) + "' is not one of this build's levels (" +
                              level_names() + ")");
}

const KernelTable& kernels() {
  // Chosen once; a choice that threw is retried (and throws again) at the next call.
  static const KernelTable& chosen = choose_kernels();
  return chosen;
}

}  // namespace

double* FastWorkspace::scratch(Eigen::Index rows, Eigen::Index cols) {
  if (scratch_.size() < rows * cols) scratch_.resize(rows * cols, 1);
  return scratch_.data();
}

void softmax_rows(RowMatrix& scores, bool causal) {
  kernels().softmax_rows(scores.data(), long(scores.rows()), long(scores.cols()), causal);
}

void log_softmax_rows(RowMatrix& scores, bool causal) {
  kernels().log_softmax_rows(scores.data(), long(scores.rows()), long(scores.cols()), causal);
}

void attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal, RowMatrix& A,
                      FastWorkspace& workspace) {
  const Eigen::Index d = Z.rows(), n = Z.cols();
  if (W_QK.rows() != d || W_QK.cols() != d) throw std::invalid_argument("attention_matrix: W_QK must be d x d for Z d x n");
  if (A.rows() != n || A.cols() != n) A.resize(n, n);
  kernels().attention_matrix(Z.data(), W_QK.data(), long(d), long(n), causal, workspace.scratch(d, n), A.data());
}

RowMatrix attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal) {
  RowMatrix A;
  FastWorkspace workspace;
  attention_matrix(Z, W_QK, causal, A, workspace);
  return A;
}

void attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                     const RowMatrix& A, Eigen::MatrixXd& Y, FastWorkspace& workspace) {
  const Eigen::Index d = Z.rows(), k = Z.cols();
  if (X.rows() != d || X.cols() != k || W_OV.rows() != d || W_OV.cols() != d || A.rows() != k || A.cols() != k)
    throw std::invalid_argument("attention_layer: need X, Z d x k, W_OV d x d, A k x k");
  if (Y.rows() != d || Y.cols() != k) Y.resize(d, k);
  kernels().attention_layer(X.data(), Z.data(), W_OV.data(), A.data(), long(d), long(k), workspace.scratch(d, k),
                            Y.data());
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A) {
  Eigen::MatrixXd Y;
  FastWorkspace workspace;
  attention_layer(X, Z, W_OV, RowMatrix(A), Y, workspace);
  return Y;
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal) {
  Eigen::MatrixXd Y;
  FastWorkspace workspace;
  attention_layer(X, Z, W_OV, attention_matrix(Z, W_QK, causal), Y, workspace);
  return Y;
}

void gemm(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, Eigen::MatrixXd& C) {
  if (A.rows() != A.cols() || B.rows() != A.rows() || B.cols() != A.rows())
    throw std::invalid_argument("gemm: need square matrices of one size");
  if (C.rows() != A.rows() || C.cols() != A.rows()) C.resize(A.rows(), A.rows());
  kernels().gemm(A.data(), B.data(), long(A.rows()), C.data());
}

const char* instruction_set() { return kernels().instruction_set; }

}  // namespace sinkcheck::fast
