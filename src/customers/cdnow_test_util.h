// Test support: the CDNOW summaries from the shared data (simulators: customers/simulation.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "customers/bgnbd.h"
#include "customers/gamma_gamma.h"
#include "customers/pareto_nbd.h"
#include "customers/simulation.h"
#include "customers/summary.h"

namespace mercato::customers::testing {

/// Path of a file in the shared CDNOW folder.
std::string CdnowPath(const std::string& name);

/// The CDNOW summary with zbar (2,357 customers, weeks), or nullopt when the shared data is
/// absent (or unreadable, which also fails the test).
std::optional<SummaryTable> LoadCdnow();

}  // namespace mercato::customers::testing
