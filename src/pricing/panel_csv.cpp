// The long price panel CSV reader.
#include "pricing/panel_csv.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/text.h"

namespace mercato::pricing {

namespace {

constexpr const char* kHeader =
    "sku,store,period,units,price[,promo][,feature][,category][,<covariate>...]";

Status PanelRowError(const std::string& path, uint64_t line, const std::string& field,
                     const std::string& expected, std::string_view got) {
  return InvalidArgument(path + ":" + std::to_string(line) + ": field '" + field + "': expected " +
                         expected + ", got '" + std::string(got) + "'");
}

// Reorders `v` by `order` (a permutation of its indices).
template <class T>
void Permute(std::vector<T>& v, const std::vector<size_t>& order) {
  if (v.empty()) return;
  std::vector<T> out;
  out.reserve(v.size());
  for (size_t i : order) out.push_back(v[i]);
  v = std::move(out);
}

}  // namespace

Result<PricePanel> ReadPanelCsv(const std::string& path) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  Result<bool> more = reader->Next();
  if (!more.ok()) return InvalidArgument(path + ":1: " + more.status().message());
  if (!more.value()) return InvalidArgument(path + ": empty; expected the header " + kHeader);
  const CsvColumns columns(reader->fields());
  if (Status unique = columns.RefuseDuplicates(); !unique.ok()) {
    return InvalidArgument(path + ":1: " + unique.message());
  }
  const int sku = columns.Find("sku"), store = columns.Find("store"),
            period = columns.Find("period"), units = columns.Find("units"),
            price = columns.Find("price"), promo = columns.Find("promo"),
            feature = columns.Find("feature"), category = columns.Find("category");
  for (const auto& [index, name] :
       {std::pair{sku, "sku"}, std::pair{store, "store"}, std::pair{period, "period"},
        std::pair{units, "units"}, std::pair{price, "price"}}) {
    if (index < 0) {
      return InvalidArgument(path + ":1: no column '" + name + "'; expected the header " + kHeader);
    }
  }
  PricePanel panel;
  panel.series_level = "series";
  panel.group_level = "sku";
  panel.top_level = "all";
  std::vector<int> covariate_columns;
  for (size_t c = 0; c < columns.names().size(); ++c) {
    const int i = static_cast<int>(c);
    if (i == sku || i == store || i == period || i == units || i == price || i == promo ||
        i == feature || i == category) {
      continue;
    }
    if (columns.names()[c].empty()) {
      return InvalidArgument(path + ":1: column " + std::to_string(c + 1) +
                             " has no name; expected the header " + kHeader);
    }
    covariate_columns.push_back(i);
    panel.covariates.push_back(columns.names()[c]);
  }
  const size_t width = columns.names().size();

  // Rows go straight into their series (file order), sorted by period at the end.
  std::unordered_map<std::string, size_t> series_of;  // sku '\0' store -> index
  std::vector<std::vector<uint64_t>> lines;           // per series, per row: its line
  const auto number = [&](const std::vector<std::string_view>& f, int column, uint64_t line,
                          const std::string& name, const std::string& expected,
                          bool (*valid)(double)) -> Result<double> {
    const std::string_view text = Trim(FieldAt(f, column));
    Result<double> value = ParseReal(text);
    if (!value.ok() || !std::isfinite(value.value()) || !valid(value.value())) {
      return PanelRowError(path, line, name, expected, text);
    }
    return value.value();
  };
  const auto any = [](double) { return true; };
  std::string id;
  while (true) {
    more = reader->Next();
    if (!more.ok()) {
      return InvalidArgument(path + ":" + std::to_string(reader->line()) + ": " +
                             more.status().message());
    }
    if (!more.value()) break;
    const auto& f = reader->fields();
    const uint64_t line = reader->line();
    if (f.size() != width) {
      return InvalidArgument(path + ":" + std::to_string(line) + ": expected " +
                             std::to_string(width) + " fields (as the header), got " +
                             std::to_string(f.size()));
    }
    const std::string_view key = Trim(FieldAt(f, sku));
    if (key.empty()) return PanelRowError(path, line, "sku", "a non-empty SKU", "");
    const std::string_view location = Trim(FieldAt(f, store));
    const std::string_view period_text = Trim(FieldAt(f, period));
    Result<int64_t> p = ParseInt(period_text);
    if (!p.ok()) return PanelRowError(path, line, "period", "an integer week number", period_text);
    ASSIGN_OR_RETURN(const double u, number(f, units, line, "units", "a finite number >= 0",
                                            [](double v) { return v >= 0; }));
    ASSIGN_OR_RETURN(const double pr, number(f, price, line, "price", "a finite number > 0",
                                             [](double v) { return v > 0; }));
    double promo_value = 0, feature_value = 0;
    if (promo >= 0) {
      ASSIGN_OR_RETURN(promo_value, number(f, promo, line, "promo", "a finite number", any));
    }
    if (feature >= 0) {
      ASSIGN_OR_RETURN(feature_value, number(f, feature, line, "feature", "a finite number", any));
    }
    id.assign(key);
    id += '\0';
    id += location;
    const auto [it, added] = series_of.emplace(id, panel.series.size());
    if (added) {
      PriceSeries s;
      s.key = std::string(key);
      s.location = std::string(location);
      s.skus = {s.key};
      s.covariates.assign(panel.covariates.size(), {});
      panel.series.push_back(std::move(s));
      lines.emplace_back();
    }
    PriceSeries& s = panel.series[it->second];
    if (category >= 0) {
      const std::string_view name = Trim(FieldAt(f, category));
      if (added) {
        s.category = std::string(name);
      } else if (name != s.category) {
        return PanelRowError(path, line, "category",
                             "the category of its sku and store's earlier rows, '" + s.category +
                                 "' (line " + std::to_string(lines[it->second].front()) + ")",
                             name);
      }
    }
    for (size_t c = 0; c < covariate_columns.size(); ++c) {
      ASSIGN_OR_RETURN(const double v, number(f, covariate_columns[c], line, panel.covariates[c],
                                              "a finite number", any));
      s.covariates[c].push_back(v);
    }
    s.period.push_back(p.value());
    s.units.push_back(u);
    s.price.push_back(pr);
    if (promo >= 0) s.promo.push_back(promo_value);
    if (feature >= 0) s.feature.push_back(feature_value);
    lines[it->second].push_back(line);
  }
  if (panel.series.empty()) return InvalidArgument(path + ": no rows after the header");

  // Series in (sku, store) order, groups in sku order, each series' rows in period order.
  std::vector<size_t> order(panel.series.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const PriceSeries &x = panel.series[a], &y = panel.series[b];
    return std::tie(x.key, x.location) < std::tie(y.key, y.location);
  });
  Permute(panel.series, order);
  Permute(lines, order);
  for (size_t i = 0; i < panel.series.size(); ++i) {
    PriceSeries& s = panel.series[i];
    if (panel.groups.empty() || panel.groups.back() != s.key) panel.groups.push_back(s.key);
    s.group = static_cast<int32_t>(panel.groups.size() - 1);
    if (!std::is_sorted(s.period.begin(), s.period.end())) {
      std::vector<size_t> rows(s.period.size());
      std::iota(rows.begin(), rows.end(), 0);
      std::stable_sort(rows.begin(), rows.end(),
                       [&](size_t a, size_t b) { return s.period[a] < s.period[b]; });
      for (auto* v : {&s.units, &s.price, &s.promo, &s.feature}) Permute(*v, rows);
      for (auto& v : s.covariates) Permute(v, rows);
      Permute(s.period, rows);
      Permute(lines[i], rows);
    }
    for (size_t r = 1; r < s.period.size(); ++r) {
      if (s.period[r] != s.period[r - 1]) continue;
      return InvalidArgument(path + ":" + std::to_string(lines[i][r]) + ": sku " + s.key +
                             ", store " + s.location + ", period " + std::to_string(s.period[r]) +
                             " is given twice (first on line " + std::to_string(lines[i][r - 1]) +
                             ")");
    }
  }
  return panel;
}

}  // namespace mercato::pricing
