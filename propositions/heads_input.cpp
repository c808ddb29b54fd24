#include "propositions/heads_input.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <Eigen/Eigenvalues>

#include "verify/exact_double.hpp"
#include "verify/input_limits.hpp"
#include "verify/rational.hpp"

namespace sinkcheck {

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

namespace {

// "[1][0][2]": the multi-index of a flat row-major position.
std::string index_text(const std::vector<std::size_t>& shape, std::size_t flat) {
  std::string index;
  for (std::size_t a = shape.size(); a-- > 0;) {
    index = "[" + std::to_string(flat % shape[a]) + "]" + index;
    flat /= shape[a];
  }
  return index;
}

void require_finite(const Tensor& t, const std::string& name, const std::string& source) {
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (!std::isfinite(t.values[i]))
      throw std::invalid_argument(source + ": " + name + index_text(t.shape, i) + " is " +
                                  (std::isnan(t.values[i]) ? "NaN" : "infinite") + ": measured values must be finite");
}

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// B is a covariance: exactly symmetric and positive semidefinite. Refused
// only on proof: an entry that differs from its mirror, a negative variance,
// or a direction v (the double eigenvector of the smallest eigenvalue) with
// v^T B v < 0 in exact arithmetic. A B that rounding makes look slightly
// indefinite is not refused (the classes' notes then say what the signs show).
void require_covariance(const Eigen::MatrixXd& B, const std::string& where) {
  const Eigen::Index d = B.rows();
  for (Eigen::Index i = 0; i < d; ++i) {
    if (B(i, i) < 0)
      throw std::invalid_argument(where + "[" + std::to_string(i) + "][" + std::to_string(i) + "] = " +
                                  std::to_string(B(i, i)) + ": a negative variance; B must be a covariance (symmetric PSD)");
    for (Eigen::Index j = 0; j < i; ++j)
      if (B(i, j) != B(j, i))
        throw std::invalid_argument(where + " is not symmetric (entry [" + std::to_string(i) + "][" + std::to_string(j) +
                                    "] differs from [" + std::to_string(j) + "][" + std::to_string(i) +
                                    "]); B must be a covariance (symmetric PSD)");
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(B);
  if (eigen.info() != Eigen::Success || !(eigen.eigenvalues()(0) < 0)) return;
  const Eigen::VectorXd v = eigen.eigenvectors().col(0);
  Rational quadratic = 0;
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j)
      if (B(i, j) != 0)
        quadratic += exact_rational(v(i), "an eigenvector of B") * exact_rational(B(i, j), "B") *
                     exact_rational(v(j), "an eigenvector of B");
  if (quadratic < 0)
    throw std::invalid_argument(where + " is not positive semidefinite (v^T B v < 0, exactly, for its eigenvector of "
                                "eigenvalue about " + std::to_string(eigen.eigenvalues()(0)) +
                                "); B must be a covariance (symmetric PSD)");
}

}  // namespace

std::vector<MeasuredHead> measured_heads(const Tensor& beta, const Tensor& B, const Tensor& W,
                                         const std::optional<std::vector<std::string>>& labels,
                                         const std::string& source,
                                         const std::string& labels_name) {
  if (beta.shape.size() != 1 || beta.shape[0] == 0)
    throw std::invalid_argument(source + ": beta has shape " + shape_text(beta.shape) + ", expected [H] with H >= 1");
  const std::size_t H = beta.shape[0];
  if (B.shape.size() != 3 || B.shape[0] != H || B.shape[1] != B.shape[2] || B.shape[1] == 0)
    throw std::invalid_argument(source + ": B has shape " + shape_text(B.shape) + ", expected [H, d, d] with H = " +
                                std::to_string(H) + " (from beta)");
  const std::size_t d = B.shape[1];
  // Checked before any value is lifted: each stage costs H d^3 products.
  if (d > limits::heads_dim)
    throw std::invalid_argument(source + ": heads of dimension d = " + std::to_string(d) + ", above the limit of " +
                                std::to_string(limits::heads_dim));
  if (double(H) * double(d) * double(d) * double(d) > double(limits::heads_work))
    throw std::invalid_argument(source + ": " + std::to_string(H) + " heads of dimension " + std::to_string(d) +
                                " need H d^3 = " + std::to_string(std::uint64_t(H) * d * d * d) +
                                " products per stage, above the limit of " + std::to_string(limits::heads_work) +
                                " (1024 heads of d = 128 fit)");
  if (W.shape != std::vector<std::size_t>{H, d, d})
    throw std::invalid_argument(source + ": W has shape " + shape_text(W.shape) + ", expected " +
                                shape_text({H, d, d}) + " (H from beta, d from B)");
  // The shapes are checked; the data must match them (a reader's or caller's slip, never a crash).
  for (const auto* t : {&beta, &B, &W}) {
    std::size_t n = 1;
    for (std::size_t e : t->shape) n *= e;
    if (t->values.size() != n)
      throw std::invalid_argument(source + ": " + std::to_string(t->values.size()) + " values for shape " +
                                  shape_text(t->shape));
  }
  require_finite(beta, "beta", source);
  require_finite(B, "B", source);
  require_finite(W, "W", source);
  if (labels && labels->size() != H)
    throw std::invalid_argument(source + ": " + labels_name + " names " + std::to_string(labels->size()) +
                                " heads, the tensors hold " + std::to_string(H));
  std::vector<MeasuredHead> heads(H);
  for (std::size_t h = 0; h < H; ++h) {
    heads[h].label = labels ? (*labels)[h] : std::to_string(h);
    heads[h].beta = beta.values[h];
    heads[h].B = Eigen::Map<const RowMajor>(B.values.data() + h * d * d, Eigen::Index(d), Eigen::Index(d));
    heads[h].W = Eigen::Map<const RowMajor>(W.values.data() + h * d * d, Eigen::Index(d), Eigen::Index(d));
    require_covariance(heads[h].B, source + ": B[" + std::to_string(h) + "]");
  }
  return heads;
}

}  // namespace sinkcheck
