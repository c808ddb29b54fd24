#pragma once
// The fast path's kernels on raw column-major / row-major arrays, the only
// code built for several instruction sets. verify/attention_fast_kernel.cpp
// is compiled once per x86-64 level (cmake/FastKernels.cmake): baseline
// (SSE2), v3 (AVX2 + FMA) and v4 (AVX-512), each copy in a namespace of its
// own (kernel_baseline, kernel_v3, kernel_v4; kernel_native under
// SINKCHECK_NATIVE) and with Eigen renamed to a namespace of its own, so that
// no template instantiation built for AVX2 / AVX-512 can be merged by the
// linker with the baseline instantiation of the same template elsewhere
// (that crashed once). The copies exchange only plain pointers through a
// KernelTable; verify/attention_fast.cpp picks one table at start-up.
// Callers use verify/attention_fast.hpp.
namespace sinkcheck::fast {

struct KernelTable {
  // A (n x n, row-major, rows are queries) = softmax(Z^T W Z / sqrt(d)) for Z
  // (d x n) and W (d x d), both column-major; masked entries are 0. `keys`
  // is scratch of d x n doubles.
  void (*attention_matrix)(const double* Z, const double* W, long d, long n, bool causal, double* keys, double* A);
  // Y = X + W_OV Z A^T for X, Z (d x k), W_OV (d x d), A (k x k, row-major),
  // Y column-major d x k; `values` is scratch of d x k doubles.
  void (*attention_layer)(const double* X, const double* Z, const double* W_OV, const double* A, long d, long k,
                          double* values, double* Y);
  // Row-wise softmax / log-softmax in place of a row-major rows x cols matrix.
  void (*softmax_rows)(double* scores, long rows, long cols, bool causal);
  void (*log_softmax_rows)(double* scores, long rows, long cols, bool causal);
  // C = A B for square column-major n x n matrices: the benchmarks' roofline,
  // with the same instruction set as the kernels.
  void (*gemm)(const double* A, const double* B, long n, double* C);
  // The instruction set the copy was compiled for: "AVX-512", "AVX2+FMA",
  // "x86-64 (SSE2)", ...
  const char* instruction_set;
};

// One table per copy; only the copies this build compiled are defined
// (verify/attention_fast.cpp is told which by SINKCHECK_FAST_KERNEL_* defines).
namespace kernel_baseline { extern const KernelTable table; }
namespace kernel_v3 { extern const KernelTable table; }
namespace kernel_v4 { extern const KernelTable table; }
namespace kernel_native { extern const KernelTable table; }

}  // namespace sinkcheck::fast
