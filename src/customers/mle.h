// Maximum-likelihood fitting over log-parameters, shared by the buy-till-you-die models.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "customers/summary.h"
#include "numeric/nelder_mead.h"

namespace mercato::customers {

/// Nelder–Mead settings for likelihood fits: restarted until a run no longer improves, and
/// converged only when the simplex has also shrunk onto one point.
NelderMeadOptions LikelihoodOptimizerOptions();

struct FitOptions {
  /// L2 penalty on the log-parameters (shrinks each parameter towards 1), added to the mean
  /// negative log-likelihood per customer, so its weight does not depend on the data size.
  double l2_penalty = 0.0;
  /// Bounds are set from the model's parameter bounds.
  NelderMeadOptions optimizer = LikelihoodOptimizerOptions();
};

struct FitDiagnostics {
  /// Total log-likelihood of the customers at the fitted parameters (without the penalty).
  double log_likelihood = 0.0;
  int iterations = 0;
  int restarts = 0;
  /// False whenever the fit is degenerate, even when the optimizer stopped cleanly.
  bool converged = false;
  size_t customers = 0;
  /// The maximum lies on a parameter bound or the likelihood is not finite there: the data do
  /// not identify the parameters (e.g. a dropout rate driven to 0, "nobody ever churns"), so
  /// the predictions must not be trusted. `warning` says which parameter and where.
  bool degenerate = false;
  std::string warning;
};

struct ParameterBounds {
  double lower;
  double upper;
};

/// Finds the parameters (each > 0, within its bounds) that maximize
/// `log_likelihood(params)`, the total over `customers` customers, starting from `start`.
/// Deterministic; never returns NaN (a non-finite likelihood is treated as impossible).
std::vector<double> MaximizeLikelihood(
    const std::function<double(std::span<const double>)>& log_likelihood, size_t customers,
    const std::vector<double>& start, const std::vector<ParameterBounds>& bounds,
    const FitOptions& options, FitDiagnostics& diagnostics);

/// Starting values for a Gamma(shape, rate) purchase-rate distribution: shape 1 and the mean
/// rate of the data (total repeat purchases over total time observed).
struct RateStart {
  double shape;
  double rate;
};
RateStart GammaRateStart(std::span<const CustomerSummary> customers);

/// log(1 + e^u) without overflow.
double LogOnePlusExp(double u);

/// Bounds that keep every parameter of a model in a numerically sane range.
inline constexpr ParameterBounds kDefaultBounds{1e-6, 1e6};

/// A fitted parameter within this factor of a bound counts as on it: the bounds are twelve
/// decades apart, and every fit on real data we know of (CDNOW, UCI Online Retail, the
/// synthetic stores) keeps its parameters between 1e-2 and 1e3, while the degenerate fits of
/// issue 15 end at a = 1.2e-6 and b = 2.3e5.
inline constexpr double kOnBoundFactor = 100;

/// Marks `diagnostics` degenerate (and not converged) when a parameter of `params`, named by
/// `names`, lies within kOnBoundFactor of kDefaultBounds or the log-likelihood is not finite.
void CheckDegenerate(std::span<const double> params, std::span<const char* const> names,
                     FitDiagnostics& diagnostics);

}  // namespace mercato::customers
