// Drawing customer summaries from the buy-till-you-die processes with known parameters, for
// tests and benchmarks. Deterministic by seed.
#pragma once

#include <cstdint>
#include <vector>

#include "customers/bgnbd.h"
#include "customers/gamma_gamma.h"
#include "customers/pareto_nbd.h"
#include "customers/summary.h"

namespace mercato::customers {

/// `n` customers drawn from the BG/NBD process, each observed for `age` after a first purchase.
std::vector<CustomerSummary> SimulateBgNbd(const BgNbdParams& p, int n, double age, uint64_t seed);

/// `n` customers drawn from the MBG/NBD process (dropout also possible at the first purchase).
std::vector<CustomerSummary> SimulateMbgNbd(const MbgNbdParams& p, int n, double age,
                                            uint64_t seed);

/// `n` customers drawn from the Pareto/NBD process, each observed for `age`.
std::vector<CustomerSummary> SimulateParetoNbd(const ParetoNbdParams& p, int n, double age,
                                               uint64_t seed);

/// Sets `monetary` of every repeat customer to the mean of x Gamma-Gamma transaction values.
void SimulateSpend(const GammaGammaParams& p, std::vector<CustomerSummary>& customers,
                   uint64_t seed);

}  // namespace mercato::customers
