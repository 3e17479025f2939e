// The long price panel CSV reader.
#include "pricing/panel_csv.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/text.h"

namespace mercato::pricing {

namespace {

constexpr const char* kHeader = "sku,store,period,units,price[,promo][,feature][,<covariate>...]";

Status PanelRowError(const std::string& path, uint64_t line, const std::string& field,
                     const std::string& expected, std::string_view got) {
  return InvalidArgument(path + ":" + std::to_string(line) + ": field '" + field + "': expected " +
                         expected + ", got '" + std::string(got) + "'");
}

// One row before the rows are sorted into series.
struct PanelRow {
  int64_t period = 0;
  uint64_t line = 0;
  double units = 0, price = 0, promo = 0, feature = 0;
  std::vector<double> covariates;
};

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
            feature = columns.Find("feature");
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
        i == feature) {
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

  std::map<std::pair<std::string, std::string>, std::vector<PanelRow>> rows;
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
    const std::string key(Trim(FieldAt(f, sku)));
    if (key.empty()) return PanelRowError(path, line, "sku", "a non-empty SKU", "");
    PanelRow row;
    row.line = line;
    const std::string_view period_text = Trim(FieldAt(f, period));
    Result<int64_t> p = ParseInt(period_text);
    if (!p.ok()) return PanelRowError(path, line, "period", "an integer week number", period_text);
    row.period = p.value();
    ASSIGN_OR_RETURN(row.units, number(f, units, line, "units", "a finite number >= 0",
                                       [](double v) { return v >= 0; }));
    ASSIGN_OR_RETURN(row.price, number(f, price, line, "price", "a finite number > 0",
                                       [](double v) { return v > 0; }));
    if (promo >= 0) {
      ASSIGN_OR_RETURN(row.promo, number(f, promo, line, "promo", "a finite number", any));
    }
    if (feature >= 0) {
      ASSIGN_OR_RETURN(row.feature, number(f, feature, line, "feature", "a finite number", any));
    }
    for (size_t c = 0; c < covariate_columns.size(); ++c) {
      ASSIGN_OR_RETURN(const double v, number(f, covariate_columns[c], line, panel.covariates[c],
                                              "a finite number", any));
      row.covariates.push_back(v);
    }
    rows[{key, std::string(Trim(FieldAt(f, store)))}].push_back(std::move(row));
  }
  if (rows.empty()) return InvalidArgument(path + ": no rows after the header");

  std::unordered_map<std::string, int32_t> group_of;
  for (auto& [id, list] : rows) {
    std::stable_sort(list.begin(), list.end(),
                     [](const PanelRow& a, const PanelRow& b) { return a.period < b.period; });
    PriceSeries s;
    s.key = id.first;
    s.location = id.second;
    s.skus = {id.first};
    const auto [g, added] = group_of.emplace(id.first, static_cast<int32_t>(panel.groups.size()));
    if (added) panel.groups.push_back(id.first);
    s.group = g->second;
    s.covariates.assign(panel.covariates.size(), {});
    for (size_t i = 0; i < list.size(); ++i) {
      const PanelRow& r = list[i];
      if (i > 0 && r.period == list[i - 1].period) {
        return InvalidArgument(path + ":" + std::to_string(r.line) + ": sku " + id.first +
                               ", store " + id.second + ", period " + std::to_string(r.period) +
                               " is given twice (first on line " +
                               std::to_string(list[i - 1].line) + ")");
      }
      s.period.push_back(r.period);
      s.units.push_back(r.units);
      s.price.push_back(r.price);
      s.promo.push_back(r.promo);
      s.feature.push_back(r.feature);
      for (size_t c = 0; c < r.covariates.size(); ++c) s.covariates[c].push_back(r.covariates[c]);
    }
    panel.series.push_back(std::move(s));
  }
  return panel;
}

}  // namespace mercato::pricing
