// The category price index of each series and the shrinkage of the cross-price elasticities.
#include "pricing/cross_price.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mercato::pricing {

void AddCategoryPriceIndex(PricePanel& panel) {
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> categories;
  for (size_t i = 0; i < panel.series.size(); ++i) {
    panel.series[i].category_price.clear();
    categories[{panel.series[i].location, panel.series[i].category}].push_back(i);
  }
  for (const auto& [key, members] : categories) {
    if (members.size() < 2) continue;
    // The periods any member has a row for, and per member its units weight.
    std::vector<int64_t> periods;
    std::vector<double> weight(members.size(), 0.0);
    double total_weight = 0;
    for (size_t m = 0; m < members.size(); ++m) {
      const PriceSeries& s = panel.series[members[m]];
      periods.insert(periods.end(), s.period.begin(), s.period.end());
      for (double u : s.units) weight[m] += u;
      total_weight += weight[m];
    }
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    const auto index_of = [&](int64_t period) {
      return static_cast<size_t>(std::lower_bound(periods.begin(), periods.end(), period) -
                                 periods.begin());
    };
    // sum[u]: the weighted log prices of every member at periods[u], carried forward (back
    // before a member's first row); built from each member's changes, then a running sum, so
    // the cost is the rows and periods, not their product.
    std::vector<double> sum(periods.size(), 0.0);
    for (size_t m = 0; m < members.size(); ++m) {
      const PriceSeries& s = panel.series[members[m]];
      if (weight[m] == 0 || s.period.empty()) continue;
      sum[0] += weight[m] * std::log(s.price[0]);
      for (size_t r = 1; r < s.period.size(); ++r) {
        sum[index_of(s.period[r])] += weight[m] * (std::log(s.price[r]) - std::log(s.price[r - 1]));
      }
    }
    for (size_t u = 1; u < sum.size(); ++u) sum[u] += sum[u - 1];
    for (size_t m = 0; m < members.size(); ++m) {
      PriceSeries& s = panel.series[members[m]];
      const double others = total_weight - weight[m];
      if (others <= 0) continue;
      s.category_price.resize(s.period.size());
      for (size_t r = 0; r < s.period.size(); ++r) {
        s.category_price[r] =
            (sum[index_of(s.period[r])] - weight[m] * std::log(s.price[r])) / others;
      }
    }
  }
}

Result<std::optional<ElasticityReport>> ShrinkCrossElasticities(const PricePanel& panel,
                                                                const ElasticityReport& own,
                                                                const ElasticityOptions& options) {
  if (own.series.size() != panel.series.size()) {
    return InvalidArgument(std::to_string(own.series.size()) + " estimates for " +
                           std::to_string(panel.series.size()) + " series");
  }
  std::vector<SeriesFit> fits(panel.series.size());
  bool any = false;
  for (size_t i = 0; i < panel.series.size(); ++i) {
    const SeriesFit& fit = own.series[i].fit;
    SeriesFit& cross = fits[i];
    cross.n_obs = fit.n_obs;
    cross.n_price_changes = fit.n_price_changes;
    cross.estimated = fit.cross_estimated;
    cross.elasticity = fit.cross_elasticity;
    cross.se = fit.cross_se;
    any = any || cross.estimated;
    if (cross.estimated) continue;
    if (!fit.estimated) {
      cross.reason = fit.reason;
    } else if (panel.series[i].category_price.empty()) {
      cross.reason = "no other " + panel.series_level + " in its " +
                     (panel.series[i].location.empty() ? "category" : "store and category");
    } else {
      cross.reason = "its category's prices do not move apart from its own and its other terms";
    }
  }
  if (!any) return std::optional<ElasticityReport>();
  ASSIGN_OR_RETURN(ElasticityReport report, ShrinkElasticities(panel, std::move(fits), options));
  return std::optional<ElasticityReport>(std::move(report));
}

}  // namespace mercato::pricing
