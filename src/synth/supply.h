// Planted suppliers: lead-time distributions, the SKU assignment, one lead-time disruption and
// the external signals around it (suppliers.csv, signals.csv).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/generator.h"
#include "synth/output.h"
#include "synth/random.h"

namespace mercato::synth {

struct SupplierSpec {
  std::string id;
  double lead_mean = 0;  // days, before any disruption
  double lead_sd = 0;
  int64_t case_pack = 1;
  int64_t min_order = 1;
  int64_t skus = 0;
};

struct Disruption {
  int supplier = 0;
  int64_t day = 0;  // orders placed from the start of this day on have longer lead times
  double factor = 1;
  std::string signal_id;
  Timestamp signal_ts = 0;
};

class Supply {
 public:
  /// Draws the suppliers, assigns every SKU of `catalog` to one, plants the disruption; writes
  /// suppliers.csv and signals.csv.
  Supply(const SynthConfig& config, Catalog& catalog, const Clock& clock, Rng& rng, Sinks& sinks);

  /// Lead time in days (gamma) of an order placed at simulation time t.
  double DrawLeadTime(int supplier, double t, Rng& rng) const;
  const std::vector<SupplierSpec>& suppliers() const { return suppliers_; }
  const Disruption& disruption() const { return disruption_; }
  int64_t noise_signals() const { return noise_signals_; }

 private:
  std::vector<SupplierSpec> suppliers_;
  Disruption disruption_;
  int64_t noise_signals_ = 0;
};

}  // namespace mercato::synth
