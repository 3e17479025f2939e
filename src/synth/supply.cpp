// Draws suppliers and their signals; samples lead times.
#include "synth/supply.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

struct Origin {
  const char* country;
  const char* region;
  const char* city;
};
constexpr Origin kOrigins[] = {{"CN", "Guangdong", "Shenzhen"},   {"VN", "Ho Chi Minh", "Saigon"},
                               {"IN", "Tamil Nadu", "Chennai"},   {"TR", "Istanbul", "Istanbul"},
                               {"PT", "Porto", "Porto"},          {"US", "CA", "Oakland"},
                               {"MX", "Nuevo Leon", "Monterrey"}, {"DE", "NW", "Cologne"},
                               {"IT", "Veneto", "Padua"},         {"BD", "Dhaka", "Dhaka"}};
constexpr const char* kNameParts[] = {"Bright",    "Pacific", "Golden",   "Summit", "Harbor",
                                      "Evergreen", "Atlas",   "Crescent", "Union",  "Silverline"};
constexpr const char* kNameSuffixes[] = {"Manufacturing", "Trading Co", "Industries", "Goods",
                                         "Supply"};
constexpr const char* kNoiseKinds[] = {"weather", "strike", "holiday", "port_congestion",
                                       "currency"};

struct PendingSignal {
  Signal row;
  bool disruption;
};

}  // namespace

Supply::Supply(const SynthConfig& config, Catalog& catalog, const Clock& clock, Rng& rng,
               Sinks& sinks) {
  static constexpr int64_t kCasePacks[] = {1, 2, 4, 6, 12};
  const size_t n = static_cast<size_t>(config.suppliers);
  const size_t n_dept = Departments().size();
  std::vector<Supplier> rows(n);
  for (size_t s = 0; s < n; ++s) {
    SupplierSpec spec;
    char buf[32];
    std::snprintf(buf, sizeof buf, "SUP%02zu", s + 1);
    spec.id = buf;
    spec.lead_mean = std::round(rng.Uniform(5.0, 25.0) * 2.0) / 2.0;
    spec.lead_sd = std::round(spec.lead_mean * rng.Uniform(0.15, 0.35) * 10.0) / 10.0;
    spec.case_pack = kCasePacks[rng.Index(std::size(kCasePacks))];
    spec.min_order = spec.case_pack * rng.Int(1, 3);
    const Origin& o = kOrigins[s % std::size(kOrigins)];
    Supplier& row = rows[s];
    row.id = spec.id;
    row.name = std::string(o.city) + " " + kNameParts[rng.Index(std::size(kNameParts))] + " " +
               kNameSuffixes[rng.Index(std::size(kNameSuffixes))];
    row.country = o.country;
    row.region = o.region;
    row.lead_time_days = spec.lead_mean;
    row.min_order_quantity = spec.min_order;
    row.case_pack = spec.case_pack;
    suppliers_.push_back(std::move(spec));
  }
  // Supplier s serves department s mod (#departments); a department without one borrows.
  for (Sku& sku : catalog.skus) {
    std::vector<int> serving;
    for (size_t s = 0; s < n; ++s) {
      if (s % n_dept == static_cast<size_t>(sku.dept)) serving.push_back(static_cast<int>(s));
    }
    if (serving.empty()) serving.push_back(static_cast<int>(static_cast<size_t>(sku.dept) % n));
    sku.supplier = serving[rng.Index(serving.size())];
    ++suppliers_[sku.supplier].skus;
  }
  for (const Supplier& row : rows) sinks.Write(row);

  // The disruption hits the supplier with the most SKUs.
  disruption_.supplier = static_cast<int>(
      std::max_element(suppliers_.begin(), suppliers_.end(),
                       [](const auto& a, const auto& b) { return a.skus < b.skus; }) -
      suppliers_.begin());
  disruption_.day = std::llround(config.disruption_at * static_cast<double>(clock.days()));
  disruption_.factor = config.disruption_factor;

  std::vector<PendingSignal> signals;
  {
    const SupplierSpec& s = suppliers_[disruption_.supplier];
    const Supplier& row = rows[disruption_.supplier];
    PendingSignal p{{}, true};
    p.row.subject_kind = "supplier";
    p.row.subject = s.id;
    p.row.ts =
        clock.ToTimestamp(static_cast<double>(disruption_.day - rng.Int(2, 6)) + rng.Uniform());
    p.row.kind = "port_closure";
    p.row.severity = 0.8;
    p.row.text = "Port closure near " + row.region + " (" + row.country + "): shipments from " +
                 row.name + " expected to be delayed for several weeks.";
    signals.push_back(std::move(p));
  }
  // Unrelated low-severity noise, about one every ten days.
  for (int64_t d = 0; d < clock.days(); d += 10) {
    PendingSignal p{{}, false};
    const double t = static_cast<double>(d) + rng.Uniform(0.0, 10.0);
    if (t >= static_cast<double>(clock.days())) break;
    if (rng.Bernoulli(0.6)) {
      p.row.subject_kind = "supplier";
      p.row.subject = suppliers_[rng.Index(n)].id;
    } else {
      const RegionSpec& r = Regions()[rng.Index(Regions().size())];
      p.row.subject_kind = "region";
      p.row.subject = std::string(r.country) + "-" + std::string(r.region);
    }
    p.row.ts = clock.ToTimestamp(t);
    p.row.kind = kNoiseKinds[rng.Index(std::size(kNoiseKinds))];
    p.row.severity = std::round(rng.Uniform(0.1, 0.5) * 100.0) / 100.0;
    p.row.text = "Minor " + p.row.kind + " report concerning " + p.row.subject + ".";
    signals.push_back(std::move(p));
    ++noise_signals_;
  }
  std::stable_sort(signals.begin(), signals.end(),
                   [](const auto& a, const auto& b) { return a.row.ts < b.row.ts; });
  for (size_t i = 0; i < signals.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "SIG%05zu", i + 1);
    signals[i].row.id = buf;
    if (signals[i].disruption) {
      disruption_.signal_id = buf;
      disruption_.signal_ts = signals[i].row.ts;
    }
    sinks.Write(signals[i].row);
  }
}

double Supply::DrawLeadTime(int supplier, double t, Rng& rng) const {
  const SupplierSpec& s = suppliers_[supplier];
  const bool disrupted =
      supplier == disruption_.supplier && t >= static_cast<double>(disruption_.day);
  const double f = disrupted ? disruption_.factor : 1.0;
  return rng.GammaMeanSd(s.lead_mean * f, s.lead_sd * f);
}

}  // namespace mercato::synth
