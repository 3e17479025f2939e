// Orchestrates the synthetic store: plans the world, runs the simulation, writes the truth.
#include "synth/generator.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/competitors.h"
#include "synth/complements.h"
#include "synth/customers.h"
#include "synth/demand.h"
#include "synth/holdout.h"
#include "synth/inventory.h"
#include "synth/output.h"
#include "synth/pricing.h"
#include "synth/random.h"
#include "synth/sessions.h"
#include "synth/shopper.h"
#include "synth/simulation.h"
#include "synth/supply.h"
#include "synth/truth.h"

namespace mercato::synth {

namespace {

// Lines per first order, roughly: the inventory policy's opening demand guess.
constexpr double kOpeningLinesPerOrder = 2.0;

}  // namespace

int64_t DefaultSkuCount(int64_t customers) {
  return std::clamp<int64_t>(customers / 10, 100, 50000);
}

Status ValidateConfig(const SynthConfig& c) {
  auto positive = [](double v, const char* name) -> Status {
    if (!(v > 0)) return InvalidArgument(std::string(name) + " must be positive");
    return Status::Ok();
  };
  if (c.customers < 10 || c.customers > 20'000'000) {
    return InvalidArgument("customers must be between 10 and 20000000");
  }
  if (c.days < 28 || c.days > 3660) return InvalidArgument("days must be between 28 and 3660");
  if (c.start % kSecondsPerDay != 0) return InvalidArgument("start must be midnight UTC");
  if (c.skus != 0 && (c.skus < 100 || c.skus > 1'000'000)) {
    return InvalidArgument("skus must be between 100 and 1000000");
  }
  RETURN_IF_ERROR(positive(c.bgnbd_r, "bgnbd_r"));
  RETURN_IF_ERROR(positive(c.bgnbd_alpha, "bgnbd_alpha"));
  RETURN_IF_ERROR(positive(c.bgnbd_a, "bgnbd_a"));
  RETURN_IF_ERROR(positive(c.bgnbd_b, "bgnbd_b"));
  RETURN_IF_ERROR(positive(c.spend_p, "spend_p"));
  RETURN_IF_ERROR(positive(c.spend_q, "spend_q"));
  RETURN_IF_ERROR(positive(c.spend_gamma, "spend_gamma"));
  RETURN_IF_ERROR(positive(c.promo_lift, "promo_lift"));
  RETURN_IF_ERROR(positive(c.disruption_factor, "disruption_factor"));
  if (c.spend_q <= 1) return InvalidArgument("spend_q must exceed 1 (finite mean spend)");
  if (c.acquisition_decline < 0 || c.acquisition_decline >= 1) {
    return InvalidArgument("acquisition_decline must be in [0, 1)");
  }
  if (c.taste_background < 0 || c.taste_background >= 1) {
    return InvalidArgument("taste_background must be in [0, 1)");
  }
  if (c.browse_sessions_per_order < 0 || c.abandoned_carts_per_order < 0) {
    return InvalidArgument("session rates must not be negative");
  }
  if (c.complement_pairs < 0) return InvalidArgument("complement_pairs must not be negative");
  if (c.promo_share_per_week < 0 || c.promo_share_per_week > 1 || c.price_change_share < 0 ||
      c.price_change_share > 1 || c.abuser_share < 0 || c.abuser_share > 1) {
    return InvalidArgument("shares must be in [0, 1]");
  }
  if (c.suppliers < 1 || c.suppliers > 99) return InvalidArgument("suppliers must be in 1..99");
  if (c.disruption_at <= 0 || c.disruption_at >= 1) {
    return InvalidArgument("disruption_at must be in (0, 1)");
  }
  if (c.service_z < 0) return InvalidArgument("service_z must not be negative");
  if (c.rec_lift < 0 || c.rec_lift > 10) return InvalidArgument("rec_lift must be in [0, 10]");
  if (c.rec_holdout_share <= 0 || c.rec_holdout_share >= 1) {
    return InvalidArgument("rec_holdout_share must be in (0, 1)");
  }
  if (c.rec_test_start <= 0 || c.rec_test_start >= 1) {
    return InvalidArgument("rec_test_start must be in (0, 1)");
  }
  if (c.rec_attribution_days < 1) {
    return InvalidArgument("rec_attribution_days must be at least 1");
  }
  return Status::Ok();
}

Status GenerateStore(const SynthConfig& config_in, const std::string& out_dir,
                     SynthSummary* summary) {
  const auto started = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(ValidateConfig(config_in));
  SynthConfig config = config_in;
  if (config.skus == 0) config.skus = DefaultSkuCount(config.customers);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return IoError("cannot create " + out_dir + ": " + ec.message());
  ASSIGN_OR_RETURN(auto sinks, Sinks::Open(out_dir));

  Rng rng(config.seed);
  const Clock clock(config.start, config.days);
  Catalog catalog = BuildCatalog(config.skus, clock, rng);
  const Supply supply(config, catalog, clock, rng, *sinks);
  PriceBook prices(catalog, config, clock, rng);
  for (const Promotion& row : prices.promotions()) sinks->Write(row);
  for (size_t k = 0; k < catalog.skus.size(); ++k) {
    Product row = catalog.skus[k].product;
    row.price = static_cast<double>(prices.FinalRegularCents(static_cast<uint32_t>(k))) / 100.0;
    sinks->Write(row);
  }
  const DemandCalendar calendar(catalog, clock, prices);
  const Complements complements(catalog, std::min(config.complement_pairs, config.skus / 8), rng);
  std::vector<CustomerState> customers =
      PlanCustomers(config, catalog, calendar, clock, rng, *sinks);
  Shopper shopper(catalog, calendar, prices, config.spend_p, config.taste_background);
  const double opening_lines = static_cast<double>(config.customers) /
                               static_cast<double>(config.days) /
                               (1.0 - config.acquisition_decline / 2.0) * kOpeningLinesPerOrder;
  Inventory inventory(config, catalog, supply, clock, opening_lines);
  const CompetitorWatch competitors(catalog, rng);
  SessionWriter sessions(catalog, clock, shopper, *sinks);
  World world{config,    clock,       catalog, prices,   calendar, customers, complements,
              inventory, competitors, shopper, sessions, *sinks,   rng};
  const SimStats stats = Simulate(world);
  RETURN_IF_ERROR(sinks->Close());
  if (config.rec_lift > 0) {
    RETURN_IF_ERROR(WriteHoldoutDefinition(config, clock, out_dir));
    RETURN_IF_ERROR(WriteHoldoutExposures(stats.exposures, clock, out_dir));
  }
  RETURN_IF_ERROR(WriteTruth(
      {config, clock, catalog, prices, calendar, customers, complements, supply, inventory, stats},
      out_dir));
  if (summary != nullptr) {
    summary->rows = sinks->RowCounts();
    if (config.rec_lift > 0) {
      summary->rows.emplace_back("experiment_exposures.csv",
                                 static_cast<int64_t>(stats.exposures.size()));
    }
    summary->rows.emplace_back("truth_customers.csv", config.customers);
    summary->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  return Status::Ok();
}

}  // namespace mercato::synth
