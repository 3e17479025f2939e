// Gamma-Gamma likelihood, fit on repeat customers, and conditional expected spend.
#include "customers/gamma_gamma.h"

#include <cmath>
#include <vector>

namespace mercato::customers {
namespace {

double PearsonCorrelation(const std::vector<CustomerSummary>& repeat) {
  const double n = static_cast<double>(repeat.size());
  double mx = 0, mz = 0;
  for (const CustomerSummary& c : repeat) {
    mx += c.frequency / n;
    mz += c.monetary / n;
  }
  double sxz = 0, sxx = 0, szz = 0;
  for (const CustomerSummary& c : repeat) {
    sxz += (c.frequency - mx) * (c.monetary - mz);
    sxx += (c.frequency - mx) * (c.frequency - mx);
    szz += (c.monetary - mz) * (c.monetary - mz);
  }
  return sxx > 0 && szz > 0 ? sxz / std::sqrt(sxx * szz) : 0.0;
}

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& p, const CustomerSummary& c) {
  const double px = p.p * c.frequency;
  return std::lgamma(px + p.q) - std::lgamma(px) - std::lgamma(p.q) + p.q * std::log(p.gamma) +
         (px - 1) * std::log(c.monetary) + px * std::log(c.frequency) -
         (px + p.q) * std::log(p.gamma + c.frequency * c.monetary);
}

Result<GammaGammaFit> FitGammaGamma(std::span<const CustomerSummary> customers,
                                    const FitOptions& options) {
  std::vector<CustomerSummary> repeat;
  double mean_spend = 0.0;
  for (const CustomerSummary& c : customers) {
    if (c.frequency > 0 && c.monetary > 0) {
      repeat.push_back(c);
      mean_spend += c.monetary;
    }
  }
  if (repeat.empty()) {
    return InvalidArgument("Gamma-Gamma: no repeat customers with a positive mean spend");
  }
  mean_spend /= repeat.size();
  auto loglik = [&](std::span<const double> v) {
    const GammaGammaParams p{v[0], v[1], v[2]};
    double total = 0.0;
    for (const CustomerSummary& c : repeat) total += GammaGammaLogLikelihood(p, c);
    return total;
  };
  // Start where the population mean spend p γ / (q - 1) matches the data with p = 1, q = 2.
  std::vector<ParameterBounds> bounds(3, kDefaultBounds);
  bounds[1].lower = 1.0 + 1e-6;
  GammaGammaFit fit;
  const std::vector<double> v = MaximizeLikelihood(loglik, repeat.size(), {1.0, 2.0, mean_spend},
                                                   bounds, options, fit.diagnostics);
  fit.params = {v[0], v[1], v[2]};
  fit.frequency_monetary_correlation = PearsonCorrelation(repeat);
  return fit;
}

double GammaGammaExpectedSpend(const GammaGammaParams& p, const CustomerSummary& c) {
  const double x = c.monetary > 0 ? c.frequency : 0.0;
  return p.p * (p.gamma + x * c.monetary) / (p.p * x + p.q - 1);
}

}  // namespace mercato::customers
