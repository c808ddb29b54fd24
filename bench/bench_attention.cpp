// The attention kernels at the three precisions.
//   fast path:   whole contexts in double with Eigen's blocked products,
//                against the machine's BLAS-level roofline (a large Eigen
//                GEMM measured in the same run);
//   query path:  one query's log-softmax and output at 128, 256 and 4096
//                bits through the kernel templated over the scalar, in Arb
//                (the ladder's scalar) and MPFI, beside the same query in raw
//                Arb calls; bench/reference_mpmath.py repeats it in mpmath.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>

#include <cmath>
#include <limits>

#include <arb.h>
#include <flint/fmpq.h>

#include "verify/attention.hpp"
#include "verify/attention_fast.hpp"

using namespace sinkcheck;

namespace {

// The roofline: a square double GEMM, the best dense throughput Eigen's
// BLAS-level kernels reach on this machine (single thread), built with the
// same instruction set as the fast path's kernels (it lives beside them in
// verify/attention_fast_kernel.cpp, and SINKCHECK_ISA chooses both).
void BM_gemm_roofline(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n), b = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  for (auto _ : state) {
    fast::gemm(a, b, c);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOPs"] = benchmark::Counter(2.0 * double(n) * double(n) * double(n),
                                                benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  state.SetLabel(fast::instruction_set());
}
BENCHMARK(BM_gemm_roofline)->Arg(512)->Unit(benchmark::kMillisecond);

// A = softmax(Z^T W Z / sqrt d) for a causal context of T+1 tokens in
// dimension d. GFLOPs counts the products the causal computation needs (the
// keys W Z, 2 d^2 n, and the visible scores, 2 d n(n+1)/2, n = T+1); the
// exponentials and the normalisation are not counted. bench/reference_numpy.py
// repeats the computation in NumPy.
void BM_attention_fast(benchmark::State& state) {
  const Eigen::Index d = state.range(0), T = state.range(1);
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Random(d, T + 1), W = Eigen::MatrixXd::Random(d, d);
  {
    // A sanity check of this build of the kernel against the plain formula.
    Eigen::MatrixXd S = Z.transpose() * W * Z / std::sqrt(double(d));
    for (Eigen::Index i = 0; i < S.rows(); ++i) {
      S.row(i).tail(S.cols() - i - 1).setConstant(-std::numeric_limits<double>::infinity());
      S.row(i) = (S.row(i).array() - S.row(i).maxCoeff()).exp().matrix();
      S.row(i) /= S.row(i).sum();
    }
    if ((fast::attention_matrix(Z, W, true) - S).cwiseAbs().maxCoeff() > 1e-12) state.SkipWithError("kernel disagrees");
  }
  // The caller's matrix and scratch, reused across contexts as a caller of
  // the fast path keeps them: no allocation per context.
  fast::RowMatrix A;
  fast::FastWorkspace workspace;
  for (auto _ : state) {
    fast::attention_matrix(Z, W, true, A, workspace);
    benchmark::DoNotOptimize(A.data());
  }
  const double n = double(T + 1);
  const double flops = 2.0 * double(d) * double(d) * n + double(d) * n * (n + 1);
  state.counters["GFLOPs"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  state.counters["contexts/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(fast::instruction_set());
}
BENCHMARK(BM_attention_fast)->Args({64, 256})->Args({64, 1024})->Args({128, 512})->Unit(benchmark::kMicrosecond);

// One query over K keys with values of dimension 4 at `bits`: log-softmax
// (log1p-anchored), weights, output, through the templated kernel of
// verify/attention.hpp, the one the certified stages run. Scores span a
// margin of 5000.
template <class S>
struct Query {
  std::vector<S> scores;
  Matrix<S> values;
  explicit Query(std::size_t keys) : values(4, Eigen::Index(keys)) {
    for (std::size_t j = 0; j < keys; ++j) {
      scores.push_back(from_rational<S>(j == 0 ? Rational(0) : Rational(-5000 - long(j), 7)));
      for (Eigen::Index r = 0; r < 4; ++r)
        values(r, Eigen::Index(j)) = from_rational<S>(Rational(long(r + 1) * long(j % 5) - 3, 4));
    }
  }
  Vector<S> output() const { return attention_output(softmax(scores), values); }
};

// -log2 of the relative width of a value (Arb's arb_rel_accuracy_bits).
double accuracy_bits(const Arb& x) { return double(arb_rel_accuracy_bits(x.data())); }
double accuracy_bits(const Mpfi& x) {
  mpfr_t rel;
  mpfr_init2(rel, 64);
  mpfi_diam_rel(rel, x.data());
  long exponent = 0;
  mpfr_get_d_2exp(&exponent, rel, MPFR_RNDU);
  mpfr_clear(rel);
  return double(-exponent);
}

template <class S>
void BM_query(benchmark::State& state) {
  const std::size_t keys = std::size_t(state.range(0));
  WorkingPrecision precision(unsigned(state.range(1)));
  const Query<S> query(keys);
  for (auto _ : state) {
    const Vector<S> o = query.output();
    benchmark::DoNotOptimize(o.data());
  }
  state.counters["queries/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["accuracy_bits"] = accuracy_bits(query.output()(1));  // coordinate 1
}
BENCHMARK_TEMPLATE(BM_query, Arb)->Name("BM_query_arb")->Args({64, 128})->Args({64, 256})->Args({64, 4096})->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_query, Mpfi)->Name("BM_query_mpfi")->Args({64, 128})->Args({64, 256})->Args({64, 4096})->Unit(benchmark::kMicrosecond);

// The same query in raw Arb calls at the same precision: the anchored
// log-sum-exp (arb_exp, arb_log1p), weights exp(gap - log1p(R)), and each
// output coordinate as one arb_dot, on preallocated vectors. What the Arb
// class pays over it is the kernel's generality: a value per operation, the
// output as separate products and sums. Before timing, every output ball is
// checked to meet the MPFI interval of the same real number (both are
// enclosures).
class ArbVector {
 public:
  explicit ArbVector(slong n) : n_(n), v_(_arb_vec_init(n)) {}
  ~ArbVector() { _arb_vec_clear(v_, n_); }
  ArbVector(const ArbVector&) = delete;
  ArbVector& operator=(const ArbVector&) = delete;
  arb_ptr operator[](slong i) { return v_ + i; }
  arb_ptr data() { return v_; }

 private:
  slong n_;
  arb_ptr v_;
};

void arb_enclose(arb_t out, const Rational& q, slong prec) {
  fmpq_t f;
  fmpq_init(f);
  fmpq_set_mpq(f, q.backend().data());
  arb_set_fmpq(out, f, prec);
  fmpq_clear(f);
}

void BM_query_arb_raw(benchmark::State& state) {
  const slong keys = slong(state.range(0));
  const slong prec = slong(state.range(1));
  ArbVector scores(keys), values(4 * keys), gaps(keys), weights(keys), out(4);
  for (slong j = 0; j < keys; ++j) {
    arb_enclose(scores[j], j == 0 ? Rational(0) : Rational(-5000 - long(j), 7), prec);
    for (slong r = 0; r < 4; ++r) arb_enclose(values[r * keys + j], Rational(long(r + 1) * long(j % 5) - 3, 4), prec);
  }
  arb_t rest, log_norm, term;
  arb_init(rest);
  arb_init(log_norm);
  arb_init(term);
  auto query = [&] {
    const slong a = 0;  // the largest score, as the kernel's anchor_index picks it
    arb_zero(rest);
    for (slong j = 0; j < keys; ++j) {
      arb_sub(gaps[j], scores[j], scores[a], prec);
      if (j != a) {
        arb_exp(term, gaps[j], prec);
        arb_add(rest, rest, term, prec);
      }
    }
    arb_log1p(log_norm, rest, prec);
    for (slong j = 0; j < keys; ++j) {
      arb_sub(term, gaps[j], log_norm, prec);
      arb_exp(weights[j], term, prec);
    }
    for (slong r = 0; r < 4; ++r) arb_dot(out[r], nullptr, 0, weights.data(), 1, values[r * keys], 1, keys, prec);
  };
  {
    WorkingPrecision precision(unsigned(prec));
    const Vector<Mpfi> o = Query<Mpfi>(std::size_t(keys)).output();
    query();
    for (slong r = 0; r < 4; ++r) {
      arb_t interval;
      arb_init(interval);
      arb_set_interval_mpfr(interval, &o(Eigen::Index(r)).data()->left, &o(Eigen::Index(r)).data()->right, prec + 64);
      if (!arb_overlaps(interval, out[r])) state.SkipWithError("Arb and MPFI enclosures are disjoint");
      arb_clear(interval);
    }
  }
  for (auto _ : state) {
    query();
    benchmark::DoNotOptimize(out.data());
  }
  arb_clear(rest);
  arb_clear(log_norm);
  arb_clear(term);
  state.counters["queries/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["accuracy_bits"] = double(arb_rel_accuracy_bits(out[1]));
}
BENCHMARK(BM_query_arb_raw)->Args({64, 128})->Args({64, 256})->Args({64, 4096})->Unit(benchmark::kMicrosecond);

// The same query through the double-interval filter.
void BM_query_double_interval(benchmark::State& state) {
  const std::size_t keys = std::size_t(state.range(0));
  std::vector<DoubleInterval> scores;
  Matrix<DoubleInterval> values(4, Eigen::Index(keys));
  for (std::size_t j = 0; j < keys; ++j) {
    scores.push_back(from_rational<DoubleInterval>(j == 0 ? Rational(0) : Rational(-50 - long(j), 7)));
    for (Eigen::Index r = 0; r < 4; ++r)
      values(r, Eigen::Index(j)) = from_rational<DoubleInterval>(Rational(long(r + 1) * long(j % 5) - 3, 4));
  }
  for (auto _ : state) {
    const std::vector<DoubleInterval> w = softmax(scores);
    const Vector<DoubleInterval> o = attention_output(w, values);
    benchmark::DoNotOptimize(o.data());
  }
  state.counters["queries/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_query_double_interval)->Arg(64)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
