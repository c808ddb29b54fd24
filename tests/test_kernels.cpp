// Attention kernels: hand-computed values, double against the 256-bit
// kernels (MPFI and Arb), the log-domain path at margins double cannot
// represent, and the fast path.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include "verify/attention.hpp"
#include "verify/attention_fast.hpp"

using namespace sinkcheck;

TEST_CASE("scores and softmax match hand-computed values") {
  // Z = [e1, e2, e1 + e2], W = I, d = 4 (1/sqrt(d) = 1/2)
  Matrix<double> Z(2, 3);
  Z << 1, 0, 1, 0, 1, 1;
  const Matrix<double> W = Matrix<double>::Identity(2, 2);
  const Matrix<double> S = attention_scores(Z, W, 0.5);
  CHECK(S(0, 0) == 0.5);
  CHECK(S(0, 1) == 0.0);
  CHECK(S(2, 2) == 1.0);
  const std::vector<double> w = softmax(std::vector<double>{0.0, std::log(3.0)});
  CHECK(w[0] == Approx(0.25));
  CHECK(w[1] == Approx(0.75));
  // causal: the first query sees only itself
  const Matrix<double> A = attention_matrix(S, Mask{true});
  CHECK(A(0, 0) == 1.0);
  CHECK(A(0, 1) == 0.0);
  CHECK(A(1, 0) + A(1, 1) == Approx(1.0));
  const std::vector<double> weights{0.25, 0.75};
  Matrix<double> values(1, 2);
  values << 4, 8;
  CHECK(attention_output(weights, values)(0) == Approx(7.0));
}

TEMPLATE_TEST_CASE("the double fast path agrees with the 256-bit interval kernel", "[fast]", Mpfi, Arb) {
  // 17 tokens: one block of queries; 75: three blocks, the last one partial.
  for (Eigen::Index n : {17, 75}) {
    Eigen::MatrixXd Z = Eigen::MatrixXd::Random(8, n), W = Eigen::MatrixXd::Random(8, 8);
    Eigen::MatrixXd W_OV = Eigen::MatrixXd::Random(8, 8);
    for (bool causal : {false, true}) {
      const fast::RowMatrix A = fast::attention_matrix(Z, W, causal);
      WorkingPrecision precision(256);
      Matrix<TestType> Zi = Z.unaryExpr([](double x) { return from_double<TestType>(x); });
      Matrix<TestType> Wi = W.unaryExpr([](double x) { return from_double<TestType>(x); });
      const Matrix<TestType> Ai =
          attention_matrix(attention_scores(Zi, Wi, TestType(1) / sqrt(TestType(8))), Mask{causal});
      for (Eigen::Index i = 0; i < A.rows(); ++i)
        for (Eigen::Index j = 0; j < A.cols(); ++j) {
          const double lo = lower_double(Ai(i, j));
          const double hi = upper_double(Ai(i, j));
          CHECK(A(i, j) >= lo - 1e-13);
          CHECK(A(i, j) <= hi + 1e-13);
        }
      const Eigen::MatrixXd Y = fast::attention_layer(Z, Z, W, W_OV, causal);
      CHECK(Y.allFinite());
      CHECK(((Y - Z) - W_OV * Z * A.transpose()).norm() < 1e-12);
      // the row-wise softmax and log-softmax agree with the kernel's rows
      fast::RowMatrix S = Z.transpose() * W * Z / std::sqrt(8.0), L = S;
      fast::softmax_rows(S, causal);
      fast::log_softmax_rows(L, causal);
      CHECK((S - A).cwiseAbs().maxCoeff() < 1e-13);
      CHECK((L.array().exp().matrix() - A).cwiseAbs().maxCoeff() < 1e-13);
    }
  }
}

TEST_CASE("the fast path into caller-owned matrices: same values, no reallocation once the shape repeats", "[fast]") {
  const Eigen::MatrixXd W = Eigen::MatrixXd::Random(8, 8), W_OV = Eigen::MatrixXd::Random(8, 8);
  fast::RowMatrix A;
  Eigen::MatrixXd Y;
  fast::FastWorkspace workspace;
  const double* A_storage = nullptr;
  const double* Y_storage = nullptr;
  // A larger context first, then a smaller one (scratch kept), then the larger again.
  for (Eigen::Index n : {75, 17, 75, 75}) {
    const Eigen::MatrixXd Z = Eigen::MatrixXd::Random(8, n);
    fast::attention_matrix(Z, W, true, A, workspace);
    REQUIRE(A.rows() == n);
    CHECK((A - fast::attention_matrix(Z, W, true)).cwiseAbs().maxCoeff() == 0.0);
    fast::attention_layer(Z, Z, W_OV, A, Y, workspace);
    CHECK((Y - (Z + W_OV * Z * A.transpose())).cwiseAbs().maxCoeff() < 1e-12);
    if (A_storage != nullptr && n == 75) {
      CHECK(A.data() == A_storage);
      CHECK(Y.data() == Y_storage);
    }
    A_storage = n == 75 ? A.data() : nullptr;
    Y_storage = Y.data();
  }
  CHECK_THROWS_AS(fast::attention_layer(Eigen::MatrixXd::Zero(8, 3), Eigen::MatrixXd::Zero(8, 4), W_OV, A, Y, workspace),
                  std::invalid_argument);
}

TEST_CASE("the fast path's roofline GEMM is Eigen's product, for the kernels' instruction set", "[fast]") {
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(37, 37), b = Eigen::MatrixXd::Random(37, 37);
  Eigen::MatrixXd c;
  fast::gemm(a, b, c);
  CHECK((c - a * b).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(std::string(fast::instruction_set()).size() > 0);
}

TEMPLATE_TEST_CASE("log-domain softmax represents gates of e^-5000 and sink masses of 1 - 1e-400", "", Mpfi, Arb) {
  WorkingPrecision precision(256);
  // scores (0, -5000): the non-sink weight is e^-5000 / (1 + e^-5000)
  const std::vector<TestType> w = softmax(std::vector<TestType>{TestType(0), TestType(-5000)});
  const TestType log10_gate = log(w[1]) / log(TestType(10));
  CHECK(lower_double(log10_gate) > -2171.48);
  CHECK(upper_double(log10_gate) < -2171.47);
  // margin 922: the sink mass is 1 - 3.8e-401. At 256 bits its logarithm
  // carries that digit for digit: -1e-400 < log A_0 < 0, certified.
  const std::vector<TestType> logs = log_softmax(std::vector<TestType>{TestType(0), TestType(-922)});
  CHECK(ScalarTraits<TestType>::sign(logs[0]) == CertifiedSign::Negative);
  CHECK(ScalarTraits<TestType>::sign(logs[0] + from_rational<TestType>(parse_rational("1e-400"))) == CertifiedSign::Positive);
  {
    // and the mass itself, once the precision can hold 1 - 1e-400 (1330+ bits)
    WorkingPrecision wide(2048);
    const std::vector<TestType> s = softmax(std::vector<TestType>{TestType(0), TestType(-922)});
    const TestType deficit = TestType(1) - s[0];
    CHECK(ScalarTraits<TestType>::sign(deficit) == CertifiedSign::Positive);
    CHECK(ScalarTraits<TestType>::sign(from_rational<TestType>(parse_rational("1e-400")) - deficit) == CertifiedSign::Positive);
  }
  // the same in double underflows: the filter cannot tell the gate from 0
  const std::vector<DoubleInterval> d = softmax(std::vector<DoubleInterval>{DoubleInterval(0.0), DoubleInterval(-5000.0)});
  CHECK(d[1].lower() == 0.0);
  CHECK(ScalarTraits<DoubleInterval>::sign(d[1]) == CertifiedSign::Unknown);
}

TEST_CASE("the exact kernel forms softmax weights in Q(e^{1/D})") {
  ExactField field(Integer(2));  // scores on the lattice Z/2
  const std::vector<ExactValue> w = softmax(std::vector<ExactValue>{ExactValue(Rational(1, 2)), ExactValue(0)});
  CHECK((w[0] + w[1] - ExactValue(1)).is_zero());
  // w0 / w1 = e^{1/2} = t
  CHECK((w[0] / w[1] - exp(ExactValue(Rational(1, 2)))).is_zero());
  CHECK((w[0] - w[1]).sign() > 0);
}
