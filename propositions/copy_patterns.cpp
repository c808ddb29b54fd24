#include "propositions/copy_patterns.hpp"

#include <set>
#include <stdexcept>

namespace sinkcheck {

const char* name(Pattern p) { return p == Pattern::Sink ? "sink" : "diagonal"; }

CopyTaskContexts copy_task_contexts(const CopyTaskInstance& x, Pattern pattern) {
  const CopyTaskTokens t = copy_task_tokens(x);
  const std::size_t C = std::size_t(x.groups), n = std::size_t(x.per_group);
  CopyTaskContexts out;
  // Token table: 0 = BOS, 1..C = copy queries, then dormant (c, i) at 1 + C + c n + i.
  out.tokens.push_back(t.bos);
  out.token_names.push_back("BOS");
  for (std::size_t c = 0; c < C; ++c) {
    out.tokens.push_back(t.copy[c]);
    out.token_names.push_back("c_" + std::to_string(c + 1));
  }
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t i = 0; i < n; ++i) {
      out.tokens.push_back(t.dormant[c][i]);
      out.token_names.push_back("d_" + std::to_string(c + 1) + "," + std::to_string(i + 1));
    }
  const std::size_t bos = 0;
  auto copy = [](std::size_t c) { return 1 + c; };
  auto dormant = [&](std::size_t c, std::size_t i) { return 1 + C + c * n + i; };
  auto group_of = [&](std::size_t token) { return (token - 1 - C) / n; };
  auto is_dormant = [&](std::size_t token) { return token > C; };

  std::vector<std::size_t> everything(out.tokens.size());
  for (std::size_t k = 0; k < everything.size(); ++k) everything[k] = k;
  auto context = [&](std::string label, std::size_t query, std::vector<std::size_t> keys, auto is_target) {
    CopyContext ctx;
    ctx.label = std::move(label);
    ctx.query = query;
    ctx.keys = std::move(keys);
    for (std::size_t k : ctx.keys) ctx.target.push_back(is_target(k));
    out.contexts.push_back(std::move(ctx));
  };
  const bool sink = pattern == Pattern::Sink;
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t q = dormant(c, i);
      context("dormant " + out.token_names[q], q, everything,
              [&](std::size_t k) { return sink ? k == bos : k == q; });
    }
  for (std::size_t c = 0; c < C; ++c)
    context("copy " + out.token_names[copy(c)] + ", group present", copy(c), everything,
            [&](std::size_t k) { return is_dormant(k) && group_of(k) == c; });
  for (std::size_t c = 0; c < C; ++c) {
    std::vector<std::size_t> keys;
    for (std::size_t k : everything)
      if (!is_dormant(k) || group_of(k) != c) keys.push_back(k);
    context("copy " + out.token_names[copy(c)] + ", group absent", copy(c), keys,
            [&](std::size_t k) { return sink ? k == bos : k == copy(c); });
  }
  return out;
}

std::vector<Preference> pattern_preferences(const CopyTaskContexts& contexts) {
  std::set<std::pair<RationalVector, RationalVector>> seen;
  std::vector<Preference> out;
  for (const CopyContext& ctx : contexts.contexts)
    for (std::size_t a = 0; a < ctx.keys.size(); ++a) {
      if (!ctx.target[a]) continue;
      for (std::size_t b = 0; b < ctx.keys.size(); ++b) {
        if (ctx.target[b]) continue;
        const RationalVector& t = contexts.tokens[ctx.keys[a]];
        const RationalVector& k = contexts.tokens[ctx.keys[b]];
        RationalVector diff(t.size());
        for (std::size_t j = 0; j < t.size(); ++j) diff[j] = t[j] - k[j];
        if (seen.emplace(contexts.tokens[ctx.query], diff).second)
          out.push_back(Preference{contexts.tokens[ctx.query], std::move(diff)});
      }
    }
  return out;
}

namespace {

// W̃ = Σ_ab M_ab s_a s_bᵀ over the rotated signal basis s.
RationalMatrix from_signal_coordinates(const RationalMatrix& M, const CopyTaskTokens& t, std::size_t D) {
  RationalMatrix W(D, RationalVector(D));
  for (std::size_t a = 0; a < M.size(); ++a)
    for (std::size_t b = 0; b < M.size(); ++b) {
      if (M[a][b] == 0) continue;
      for (std::size_t i = 0; i < D; ++i) {
        if (t.signal_basis[a][i] == 0) continue;
        const Rational left = M[a][b] * t.signal_basis[a][i];
        for (std::size_t j = 0; j < D; ++j) W[i][j] += left * t.signal_basis[b][j];
      }
    }
  return W;
}

}  // namespace

RationalMatrix sink_construction(const CopyTaskInstance& x) {
  const std::size_t C = std::size_t(x.groups), m = x.signal_dim();
  const Rational a = x.lambda < 1 ? Rational(1 / x.lambda) : Rational(1);
  const Rational b = (1 + a) / x.lambda;
  RationalMatrix M(m, RationalVector(m));
  for (std::size_t k = 1; k < m; ++k) M[k][0] = a;  // a r e_0ᵀ
  for (std::size_t c = 1; c <= C; ++c) M[C + c][c] = b;
  return from_signal_coordinates(M, copy_task_tokens(x), x.space_dim());
}

Rational diagonal_alpha(const Rational& Delta_diag, long dim, bool alpha_over_sqrt_d_reading) {
  // α_diag = 2κ√d/Δ_diag is 2/Δ̃ in reduced units (W̃ = √d W_QK/κ, Δ_diag = d Δ̃);
  // 2κ/(√d Δ_diag) is d times smaller.
  return alpha_over_sqrt_d_reading ? Rational(2 / (Delta_diag * dim)) : Rational(2 / Delta_diag);
}

Rational diagonal_alpha(const CopyTaskInstance& x, bool alpha_over_sqrt_d_reading) {
  return diagonal_alpha(nuisance_statistics(x).Delta_diag, x.dim, alpha_over_sqrt_d_reading);
}

RationalMatrix diagonal_construction(const CopyTaskInstance& x, const Rational& alpha) {
  const std::size_t C = std::size_t(x.groups), m = x.signal_dim(), D = x.space_dim();
  const CopyTaskTokens t = copy_task_tokens(x);
  RationalMatrix M(m, RationalVector(m));
  for (std::size_t c = 1; c <= C; ++c) {
    M[c][c] = 1 / (x.lambda * x.lambda);
    M[C + c][C + c] = 1;
    M[C + c][c] = 2 / x.lambda;
  }
  RationalMatrix W = from_signal_coordinates(M, t, D);
  // α P_η: the projection onto the span of the (rotated) nuisance vectors.
  RationalMatrix nuisance;
  for (const auto& group : t.dormant)
    for (const RationalVector& token : group) {
      RationalVector eta = token;  // the dormant token minus its signal part
      for (std::size_t a = 0; a < m; ++a) {
        const Rational coefficient = dot(token, t.signal_basis[a]);
        for (std::size_t j = 0; j < D; ++j) eta[j] -= coefficient * t.signal_basis[a][j];
      }
      nuisance.push_back(std::move(eta));
    }
  const RationalMatrix P = projection_onto_span(nuisance, D);
  for (std::size_t i = 0; i < D; ++i)
    for (std::size_t j = 0; j < D; ++j) W[i][j] += alpha * P[i][j];
  return W;
}

namespace {

// W̃ x_k for every token, once per matrix.
std::vector<RationalVector> token_images(const RationalMatrix& W, const CopyTaskContexts& contexts) {
  std::vector<RationalVector> image;
  for (const RationalVector& token : contexts.tokens) image.push_back(multiply(W, token));
  return image;
}

}  // namespace

std::string first_unmet_preference(const RationalMatrix& W, const CopyTaskContexts& contexts) {
  const std::vector<RationalVector> image = token_images(W, contexts);
  for (const CopyContext& ctx : contexts.contexts) {
    const RationalVector& q = contexts.tokens[ctx.query];
    for (std::size_t a = 0; a < ctx.keys.size(); ++a) {
      if (!ctx.target[a]) continue;
      const Rational target_score = dot(q, image[ctx.keys[a]]);
      for (std::size_t b = 0; b < ctx.keys.size(); ++b) {
        if (ctx.target[b]) continue;
        const Rational margin = target_score - dot(q, image[ctx.keys[b]]);
        if (margin < 1)
          return ctx.label + ": " + contexts.token_names[ctx.keys[a]] + " over " + contexts.token_names[ctx.keys[b]] +
                 " by " + to_string(margin) + " kappa (needs kappa)";
      }
    }
  }
  return "";
}

std::vector<RealisedContext> realised_scores(const RationalMatrix& W, const CopyTaskContexts& contexts,
                                             const Rational& kappa, const Rational& scale) {
  const std::vector<RationalVector> image = token_images(W, contexts);
  std::vector<RealisedContext> out;
  for (const CopyContext& ctx : contexts.contexts) {
    RealisedContext r;
    for (std::size_t a = 0; a < ctx.keys.size(); ++a) {
      r.scores.push_back(scale * kappa * dot(contexts.tokens[ctx.query], image[ctx.keys[a]]));
      r.target.push_back(ctx.target[a]);
      r.others += !ctx.target[a];
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sinkcheck
