// Fitting the daily event-window Poisson model per comparison set, with alternating updates.
#include "pricing/event_elasticity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace mercato::pricing {

namespace {

constexpr int kMaxRounds = 500;
constexpr double kPooledTolerance =
    1e-5;                               // the pooled stage's largest step at convergence (se ~0.1)
constexpr double kOwnTolerance = 1e-4;  // the own stage's (its estimates' se are above 0.1)
constexpr double kMaxElasticity = 20;   // |e| beyond this: no finite fit
constexpr double kMaxStep = 1.0;        // Newton steps are clipped to this
constexpr double kEventChange = 0.01;   // a price event: the price moves by more than 1%
const double kDead = -std::numeric_limits<double>::infinity();

// A run [begin, end) of a product's observations sharing one level a.
struct Block {
  size_t begin = 0, end = 0;
  bool event = false;  // within an event window (else only g learns from it)
  double units = 0, a = 0;
};

struct Product {
  size_t series = 0;
  int32_t group = 0;
  std::vector<size_t> day;  // index into the set's days
  std::vector<double> y, x, z;
  std::vector<Block> blocks;
  double e = 0;
  bool fitted = false;  // its e is estimated (else it only informs g)
};

// The blocks of a series: its event windows merged, then the other days in runs of at most
// 2·window days.
std::vector<Block> BlocksOf(const PriceSeries& s, int window, int& events) {
  std::vector<std::pair<int64_t, int64_t>> windows;  // merged [from, to) days
  events = 0;
  for (size_t j = 1; j < s.price.size(); ++j) {
    if (std::abs(s.price[j] / s.price[j - 1] - 1.0) <= kEventChange) continue;
    ++events;
    const int64_t from = s.period[j] - window, to = s.period[j] + window;
    if (!windows.empty() && from <= windows.back().second) {
      windows.back().second = std::max(windows.back().second, to);
    } else {
      windows.push_back({from, to});
    }
  }
  std::vector<Block> blocks;
  size_t w = 0;
  int64_t run_start = 0, previous = -2;  // the previous observation's window (-1: none)
  for (size_t j = 0; j < s.period.size(); ++j) {
    const int64_t day = s.period[j];
    while (w < windows.size() && windows[w].second <= day) ++w;
    const int64_t in = w < windows.size() && windows[w].first <= day ? static_cast<int64_t>(w) : -1;
    if (in != previous || (in < 0 && day - run_start >= 2 * int64_t{window})) {
      blocks.push_back({j, j, in >= 0, 0, 0});
      run_start = day;
    }
    previous = in;
    blocks.back().end = j + 1;
    blocks.back().units += s.units[j];
  }
  return blocks;
}

// The score and information of (e, b) in a block-conditional likelihood.
struct Scores {
  double se = 0, sb = 0, iee = 0, ieb = 0, ibb = 0;
  void Add(const Scores& o) {
    se += o.se;
    sb += o.sb;
    iee += o.iee;
    ieb += o.ieb;
    ibb += o.ibb;
  }
};

class ComparisonSet {
 public:
  ComparisonSet(std::vector<Product> products, size_t days)
      : products_(std::move(products)), g_(days, 0.0), units_(days, 0.0) {
    for (const Product& p : products_) {
      for (size_t j = 0; j < p.day.size(); ++j) units_[p.day[j]] += p.y[j];
    }
    for (size_t d = 0; d < days; ++d) {
      if (units_[d] <= 0) g_[d] = kDead;
    }
  }

  std::vector<Product>& products() { return products_; }

  // One round: the levels a and the day effects g given every product's e and the lift.
  void UpdateEffects(double b) {
    for (Product& p : products_) UpdateLevels(p, b);
    std::vector<double> expected(g_.size(), 0.0);
    for (const Product& p : products_) {
      for (const Block& k : p.blocks) {
        if (k.a == kDead) continue;
        for (size_t j = k.begin; j < k.end; ++j) {
          expected[p.day[j]] += std::exp(k.a + p.e * p.x[j] + b * p.z[j]);
        }
      }
    }
    for (size_t d = 0; d < g_.size(); ++d) {
      g_[d] = units_[d] > 0 && expected[d] > 0 ? std::log(units_[d] / expected[d]) : kDead;
    }
  }

  // Adds every product's scores to its group's (the pooled stage: one e per group).
  void GroupScores(double lift, std::vector<Scores>& out) const {
    for (const Product& p : products_) {
      out[static_cast<size_t>(p.group)].Add(Conditional(p, lift));
    }
  }

  // Sets every product's e to its group's (the pooled stage).
  void SetGroupElasticities(const std::vector<double>& e) {
    for (Product& p : products_) p.e = e[static_cast<size_t>(p.group)];
  }

  // A Newton step of each fitted product's own e given the lift; the largest step of a
  // product still within the bounds.
  double UpdateOwnElasticities(double lift) {
    double change = 0;
    for (Product& p : products_) {
      if (!p.fitted) continue;
      const Scores si = Conditional(p, lift);
      if (!(si.iee > 0)) continue;
      const double step = std::clamp(si.se / si.iee, -kMaxStep, kMaxStep);
      p.e = std::clamp(p.e + step, -kMaxElasticity, kMaxElasticity);
      if (std::abs(p.e) < kMaxElasticity) change = std::max(change, std::abs(step));
    }
    return change;
  }

  // Per day: the set's expected units.
  std::vector<double> Expected(double b) const {
    std::vector<double> out(g_.size(), 0.0);
    for (const Product& q : products_) {
      for (const Block& k : q.blocks) {
        if (k.a == kDead) continue;
        for (size_t j = k.begin; j < k.end; ++j) {
          if (g_[q.day[j]] != kDead) {
            out[q.day[j]] += std::exp(g_[q.day[j]] + k.a + q.e * q.x[j] + b * q.z[j]);
          }
        }
      }
    }
    return out;
  }

  // The fitted product's standard error (see the header), given the set's Expected(b).
  void Finish(const Product& p, double reference, double b, const std::vector<double>& expected,
              SeriesFit& fit) const {
    double pearson = 0, info = 0;
    int n = 0, blocks = 0;
    for (const Block& k : p.blocks) {
      if (!k.event || k.a == kDead) continue;
      ++blocks;
      // The block's expected units at the reference elasticity, scaled to its total.
      double at_reference = 0;
      for (size_t j = k.begin; j < k.end; ++j) {
        if (g_[p.day[j]] != kDead) {
          at_reference += std::exp(g_[p.day[j]] + reference * p.x[j] + b * p.z[j]);
        }
      }
      double h = 0, hx = 0, hxx = 0;
      for (size_t j = k.begin; j < k.end; ++j) {
        const double g = g_[p.day[j]];
        if (g == kDead) continue;
        const double mu = std::exp(g + k.a + p.e * p.x[j] + b * p.z[j]);
        pearson += (p.y[j] - mu) * (p.y[j] - mu) / mu;
        ++n;
        const double m = k.units * std::exp(g + reference * p.x[j] + b * p.z[j]) / at_reference;
        const double rest = std::max(0.0, expected[p.day[j]] - mu);
        const double weight = m + rest > 0 ? m * rest / (m + rest) : 0.0;
        h += weight;
        hx += weight * p.x[j];
        hxx += weight * p.x[j] * p.x[j];
      }
      if (h > 0) info += hxx - hx * hx / h;
    }
    const int dof = n - blocks - 1;
    if (!(info > 1e-12) || !std::isfinite(info)) {
      fit.reason = "its price barely varies within its event windows against its category";
      return;
    }
    const double dispersion = dof > 0 ? std::max(1.0, pearson / dof) : 1.0;
    fit.estimated = true;
    fit.se = std::sqrt(dispersion / info);
  }

 private:
  void UpdateLevels(Product& p, double b) const {
    for (Block& k : p.blocks) {
      double expected = 0;
      for (size_t j = k.begin; j < k.end; ++j) {
        if (g_[p.day[j]] != kDead) expected += std::exp(g_[p.day[j]] + p.e * p.x[j] + b * p.z[j]);
      }
      k.a = k.units > 0 && expected > 0 ? std::log(k.units / expected) : kDead;
    }
  }

  // Scores of (e, b) in p's block-conditional likelihood at its e and lift b.
  Scores Conditional(const Product& p, double b) const {
    Scores out;
    for (const Block& k : p.blocks) {
      if (k.a == kDead || k.units <= 0) continue;
      double w = 0, wx = 0, wz = 0, wxx = 0, wxz = 0, wzz = 0, yx = 0, yz = 0;
      for (size_t j = k.begin; j < k.end; ++j) {
        const double g = g_[p.day[j]];
        if (g == kDead) continue;
        const double x = p.x[j], z = p.z[j];
        const double weight = std::exp(g + p.e * x + b * z);
        w += weight;
        wx += weight * x;
        wz += weight * z;
        wxx += weight * x * x;
        wxz += weight * x * z;
        wzz += weight * z * z;
        yx += p.y[j] * x;
        yz += p.y[j] * z;
      }
      if (!(w > 0)) continue;
      const double mx = wx / w, mz = wz / w;
      out.se += yx - k.units * mx;
      out.sb += yz - k.units * mz;
      out.iee += k.units * (wxx / w - mx * mx);
      out.ieb += k.units * (wxz / w - mx * mz);
      out.ibb += k.units * (wzz / w - mz * mz);
    }
    return out;
  }

  std::vector<Product> products_;
  std::vector<double> g_;      // per day: the set's log day effect (kDead: nothing sold)
  std::vector<double> units_;  // per day: the set's units
};

}  // namespace

std::vector<SeriesFit> FitEventElasticities(const DailyPricePanel& daily,
                                            const ElasticityOptions& options) {
  const PricePanel& panel = daily.panel;
  const size_t n = panel.series.size();
  std::vector<SeriesFit> fits(n);
  // Comparison sets: leaves with at least two products; the lone products of a group together.
  std::vector<int> leaf_size(daily.leaves.size(), 0);
  for (size_t i = 0; i < n; ++i) ++leaf_size[static_cast<size_t>(daily.leaf[i])];
  std::vector<size_t> set_of(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t leaf = static_cast<size_t>(daily.leaf[i]);
    set_of[i] = leaf_size[leaf] >= 2
                    ? leaf
                    : daily.leaves.size() + static_cast<size_t>(panel.series[i].group);
  }
  const size_t n_sets = daily.leaves.size() + panel.groups.size();
  std::vector<std::vector<size_t>> members(n_sets);
  for (size_t i = 0; i < n; ++i) members[set_of[i]].push_back(i);

  std::vector<ComparisonSet> sets;
  std::vector<int> events(n, 0);
  for (const std::vector<size_t>& m : members) {
    if (m.empty()) continue;
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (size_t i : m) {
      if (panel.series[i].period.empty()) continue;
      lo = std::min(lo, panel.series[i].period.front());
      hi = std::max(hi, panel.series[i].period.back());
    }
    std::vector<Product> products;
    for (size_t i : m) {
      const PriceSeries& s = panel.series[i];
      SeriesFit& fit = fits[i];
      Product p;
      p.series = i;
      p.group = s.group;
      p.blocks = BlocksOf(s, options.event_window_days, events[i]);
      fit.n_price_changes = events[i];
      double window_units = 0;
      for (const Block& k : p.blocks) {
        if (!k.event) continue;
        fit.n_obs += static_cast<int>(k.end - k.begin);
        window_units += k.units;
      }
      for (size_t j = 0; j < s.period.size(); ++j) {
        p.day.push_back(static_cast<size_t>(s.period[j] - lo));
        p.y.push_back(s.units[j]);
        p.x.push_back(std::log(s.price[j]));
        p.z.push_back(s.promo.empty() ? 0.0 : s.promo[j]);
      }
      int event_blocks = 0;
      for (const Block& k : p.blocks) event_blocks += k.event ? 1 : 0;
      const int needed = event_blocks + 1 + options.min_residual_dof;
      if (fit.n_price_changes < options.min_price_changes) {
        fit.reason = std::to_string(fit.n_price_changes) + " price changes (at least " +
                     std::to_string(options.min_price_changes) + " needed)";
      } else if (m.size() < 2) {
        fit.reason = "no other product in its category to compare its days with";
      } else if (window_units <= 0) {
        fit.reason = "no units sold within " + std::to_string(options.event_window_days) +
                     " days of its price changes";
      } else if (fit.n_obs < needed) {
        fit.reason = std::to_string(fit.n_obs) + " days near its price changes (at least " +
                     std::to_string(needed) + " needed)";
      } else {
        p.fitted = true;
      }
      products.push_back(std::move(p));
    }
    if (lo > hi) continue;
    sets.emplace_back(std::move(products), static_cast<size_t>(hi - lo + 1));
  }

  // The pooled stage: one elasticity per group and the store's lift, by Newton steps on their
  // summed scores between updates of the levels and day effects.
  const size_t groups = panel.groups.size();
  double lift = 0.0;  // the store's promotion lift b
  std::vector<double> pooled(groups, -1.0);
  for (int it = 0; it < kMaxRounds; ++it) {
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t k = 0; k < sets.size(); ++k) {
      sets[k].SetGroupElasticities(pooled);
      sets[k].UpdateEffects(lift);
    }
    std::vector<Scores> scores(groups);
    for (const ComparisonSet& set : sets) set.GroupScores(lift, scores);
    // Newton on (e_1 .. e_G, b): the information is an arrow (b couples every group), so b's
    // step comes from its Schur complement, then each group's e given it.
    double reduced_info = 0, reduced_score = 0;
    for (const Scores& s : scores) {
      reduced_info += s.ibb;
      reduced_score += s.sb;
      if (s.iee > 0) {
        reduced_info -= s.ieb * s.ieb / s.iee;
        reduced_score -= s.ieb * s.se / s.iee;
      }
    }
    const double db =
        reduced_info > 1e-9 ? std::clamp(reduced_score / reduced_info, -kMaxStep, kMaxStep) : 0.0;
    lift += db;
    double change = std::abs(db);
    for (size_t g = 0; g < groups; ++g) {
      const Scores& s = scores[g];
      if (!(s.iee > 0)) continue;
      const double de = std::clamp((s.se - s.ieb * db) / s.iee, -kMaxStep, kMaxStep);
      pooled[g] += de;
      change = std::max(change, std::abs(de));
    }
    if (change < kPooledTolerance) break;
  }
  // The products' own stage: each fitted product's e from its group's, the lift fixed.
  for (int it = 0; it < kMaxRounds; ++it) {
    double change = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(max : change)
    for (size_t k = 0; k < sets.size(); ++k) {
      sets[k].UpdateEffects(lift);
      change = std::max(change, sets[k].UpdateOwnElasticities(lift));
    }
    if (change < kOwnTolerance) break;
  }

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t k = 0; k < sets.size(); ++k) {
    std::vector<double> expected;
    for (const Product& p : sets[k].products()) {
      SeriesFit& fit = fits[p.series];
      if (!p.fitted) continue;
      if (std::abs(p.e) >= kMaxElasticity) {
        fit.reason = "the demand model has no finite fit (its units leave with its price)";
        continue;
      }
      if (expected.empty()) expected = sets[k].Expected(lift);
      sets[k].Finish(p, pooled[static_cast<size_t>(p.group)], lift, expected, fit);
      if (!fit.estimated) continue;
      fit.elasticity = p.e;
      fit.terms = {"log_price", "promo"};
      fit.coefficients = {p.e, lift};
    }
  }
  return fits;
}

}  // namespace mercato::pricing
