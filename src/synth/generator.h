// Synthetic store generator: writes a complete store in the generic import format, with planted
// ground truth (truth.json, truth_customers.csv) that every model can be tested against.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace mercato::synth {

/// Every parameter of the synthetic store. All rates are per day; money is in USD. The planted
/// values are also written to truth.json.
struct SynthConfig {
  // --- size and seed ---
  int64_t customers = 20000;
  int64_t days = 730;
  Timestamp start = 1672531200;  // 2023-01-01T00:00:00Z; must be midnight UTC
  int64_t skus = 0;              // 0: DefaultSkuCount(customers)
  uint64_t seed = 42;

  // --- purchase process (BG/NBD, Fader–Hardie–Lee 2005) ---
  // Repeat-purchase rate λ_i ~ Gamma(shape r, rate α): mean r/α per day.
  double bgnbd_r = 0.9;
  double bgnbd_alpha = 40.0;  // mean λ = 0.0225/day: one purchase every ~44 days
  // Dropout probability after each repeat purchase p_i ~ Beta(a, b).
  double bgnbd_a = 1.0;
  double bgnbd_b = 6.0;
  // Acquisition day density ∝ 1 − acquisition_decline · day / days (more customers early on).
  double acquisition_decline = 0.6;

  // --- spend per order (Gamma-Gamma, Fader–Hardie–Lee 2005 / Colombo–Jiang 1999) ---
  // z ~ Gamma(shape p, rate ν_i), ν_i ~ Gamma(shape q, rate γ): customer mean spend p / ν_i.
  double spend_p = 6.0;
  double spend_q = 4.0;
  double spend_gamma = 40.0;  // population mean of p/ν_i = p·γ/(q − 1) = 80

  // --- tastes ---
  double taste_background = 0.15;  // share of a customer's purchases spread over all categories

  // --- sessions and carts (per purchase occasion of the BG/NBD process) ---
  double browse_sessions_per_order = 0.6;
  double abandoned_carts_per_order = 0.4;

  // --- complementary pairs ---
  int64_t complement_pairs = 100;  // capped at skus / 8

  // --- pricing ---
  double promo_share_per_week = 0.015;  // share of SKUs starting a promotion each week
  double promo_lift = 1.25;             // extra demand multiplier while a promotion runs
  double price_change_share = 0.15;     // share of SKUs with one permanent price change

  // --- returns ---
  double abuser_share = 0.015;  // half wardrobing, half serial returners

  // --- supply ---
  int64_t suppliers = 12;
  double disruption_at = 0.6;      // fraction of the period when the disruption starts
  double disruption_factor = 2.5;  // lead-time multiplier of the disrupted supplier
  double service_z = 1.3;          // safety factor of the replenishment policy

  // --- recommendations holdout (an experiment whose lift is known) ---
  // Off unless rec_lift > 0. From rec_test_start (a fraction of the period) each customer's first
  // visit exposes them to the experiment "recs-holdout": with probability rec_holdout_share they
  // are held out (control: no recommendations); the others see recommendations, which add
  // purchase occasions at rec_lift times their own repeat-purchase intensity. What those extra
  // orders bring within rec_attribution_days of the exposure is the planted lift (truth.json).
  double rec_lift = 0;
  double rec_holdout_share = 0.5;
  double rec_test_start = 0.75;
  int64_t rec_attribution_days = 28;
};

/// Default catalog size for a number of customers: customers / 10, clamped to [100, 50000].
int64_t DefaultSkuCount(int64_t customers);

struct SynthSummary {
  std::vector<std::pair<std::string, int64_t>> rows;  // file name → data rows, in write order
  double seconds = 0;
};

/// Checks the config; names the first bad parameter.
Status ValidateConfig(const SynthConfig& config);

/// Generates the store into `out_dir` (created when missing): one CSV per entity named after
/// EntityTraits<T>::kName, plus truth.json and truth_customers.csv. The same config gives
/// byte-identical files.
Status GenerateStore(const SynthConfig& config, const std::string& out_dir, SynthSummary* summary);

}  // namespace mercato::synth
