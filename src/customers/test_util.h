// Test support: the CDNOW summaries from the shared data, and data simulated from known parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "customers/bgnbd.h"
#include "customers/gamma_gamma.h"
#include "customers/pareto_nbd.h"
#include "customers/summary.h"

namespace mercato::customers::testing {

/// Path of a file in the shared CDNOW folder.
std::string CdnowPath(const std::string& name);

/// The CDNOW summary with zbar (2,357 customers, weeks), or nullopt when the shared data is
/// absent (or unreadable, which also fails the test).
std::optional<SummaryTable> LoadCdnow();

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

}  // namespace mercato::customers::testing
