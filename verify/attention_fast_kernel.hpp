#pragma once
// The fast path's kernels on raw column-major / row-major arrays: the only
// code built for the machine's instruction set under SINKCHECK_NATIVE (see
// CMakeLists.txt). They take and return plain pointers, so no Eigen type
// crosses between this file and the baseline ones: attention_fast_kernel.cpp
// compiles Eigen under a namespace of its own (its template instantiations,
// built for AVX2 / AVX-512, can then never be merged by the linker with the
// baseline x86-64 instantiations of the same templates elsewhere, which
// crashed). Callers use verify/attention_fast.hpp.
namespace sinkcheck::fast::kernel {

// A (n x n, row-major, rows are queries) = softmax(Z^T W Z / sqrt(d)) for Z
// (d x n) and W (d x d), both column-major; masked entries are 0.
void attention_matrix(const double* Z, const double* W, long d, long n, bool causal, double* A);

// Row-wise softmax / log-softmax in place of a row-major rows x cols matrix.
void softmax_rows(double* scores, long rows, long cols, bool causal);
void log_softmax_rows(double* scores, long rows, long cols, bool causal);

// C = A B for square column-major n x n matrices: the roofline of the
// benchmarks, built with the same instruction set as the kernels.
void gemm(const double* A, const double* B, long n, double* C);

// The instruction set this file was compiled for.
const char* instruction_set();

}  // namespace sinkcheck::fast::kernel
