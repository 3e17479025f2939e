// Log-parameter maximum likelihood with an optional L2 penalty, minimized by Nelder–Mead.
#include "customers/mle.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mercato::customers {

NelderMeadOptions LikelihoodOptimizerOptions() {
  NelderMeadOptions options;
  options.max_restarts = 6;
  options.x_tolerance = 1e-7;
  return options;
}

std::vector<double> MaximizeLikelihood(
    const std::function<double(std::span<const double>)>& log_likelihood, size_t customers,
    const std::vector<double>& start, const std::vector<ParameterBounds>& bounds,
    const FitOptions& options, FitDiagnostics& diagnostics) {
  const size_t k = start.size();
  NelderMeadOptions optimizer = options.optimizer;
  optimizer.lower.resize(k);
  optimizer.upper.resize(k);
  std::vector<double> theta(k);
  for (size_t i = 0; i < k; ++i) {
    optimizer.lower[i] = std::log(bounds[i].lower);
    optimizer.upper[i] = std::log(bounds[i].upper);
    theta[i] = std::clamp(std::log(start[i]), optimizer.lower[i], optimizer.upper[i]);
  }
  const double n = static_cast<double>(std::max<size_t>(customers, 1));
  auto params_of = [k](std::span<const double> t) {
    std::vector<double> p(k);
    for (size_t i = 0; i < k; ++i) p[i] = std::exp(t[i]);
    return p;
  };
  auto objective = [&](std::span<const double> t) {
    double penalty = 0.0;
    for (double v : t) penalty += v * v;
    return -log_likelihood(params_of(t)) / n + options.l2_penalty * penalty;
  };
  const NelderMeadResult best = MinimizeNelderMead(objective, theta, optimizer);
  std::vector<double> params = params_of(best.x);
  diagnostics.log_likelihood = log_likelihood(params);
  diagnostics.iterations = best.iterations;
  diagnostics.restarts = best.restarts;
  diagnostics.converged = best.converged;
  diagnostics.customers = customers;
  return params;
}

RateStart GammaRateStart(std::span<const CustomerSummary> customers) {
  double purchases = 0.0, time = 0.0;
  for (const CustomerSummary& c : customers) {
    purchases += c.frequency;
    time += c.age;
  }
  return {1.0, time / std::max(purchases, 1.0)};
}

void CheckDegenerate(std::span<const double> params, std::span<const char* const> names,
                     FitDiagnostics& diagnostics) {
  std::string found;
  if (!std::isfinite(diagnostics.log_likelihood)) found = "the log-likelihood is not finite";
  for (size_t i = 0; i < params.size() && found.empty(); ++i) {
    const bool low = params[i] <= kDefaultBounds.lower * kOnBoundFactor;
    const bool high = params[i] >= kDefaultBounds.upper / kOnBoundFactor;
    if (!low && !high) continue;
    char text[160];
    std::snprintf(text, sizeof text, "%s = %.3g is on its %s bound (%g)", names[i], params[i],
                  low ? "lower" : "upper", low ? kDefaultBounds.lower : kDefaultBounds.upper);
    found = text;
  }
  if (found.empty()) return;
  diagnostics.degenerate = true;
  diagnostics.converged = false;
  diagnostics.warning = "degenerate fit: " + found +
                        "; the data do not identify the model (too few customers or repeat "
                        "purchases), so its predictions are not used";
}

double LogOnePlusExp(double u) {
  return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
}

}  // namespace mercato::customers
