// Covariates of the demand models: holidays, prices, promotions and a generic covariate CSV.
#include "forecast/covariates.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "common/country.h"
#include "common/csv_reader.h"
#include "common/text.h"
#include "common/time.h"
#include "forecast/holidays.h"

namespace mercato::forecast {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Status RowError(const std::string& path, uint64_t line, const std::string& field,
                const std::string& expected, std::string_view got) {
  return InvalidArgument(path + ":" + std::to_string(line) + ": field '" + field + "': expected " +
                         expected + ", got '" + std::string(got) + "'");
}

// The most common normalized country of the snapshot's customer records, or "".
std::string MainCountry(const Snapshot& snapshot) {
  std::map<std::string, size_t> counts;
  for (int32_t c = 0; c < snapshot.customer_records; ++c) {
    const std::string code = NormalizeCountry(
        Snapshot::NameOf(snapshot.countries, snapshot.customer_country[static_cast<size_t>(c)]));
    if (!code.empty()) ++counts[code];
  }
  std::string best;
  size_t most = 0;
  for (const auto& [code, n] : counts) {
    if (n > most) best = code, most = n;
  }
  return best;
}

}  // namespace

Result<CovariateFile> ReadCovariateCsv(const std::string& path) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  CovariateFile file;
  int date_col = -1, sku_col = -1, name_col = -1, value_col = -1;
  bool header = true;
  std::map<std::string, size_t> name_ids;
  while (true) {
    Result<bool> more = reader->Next();
    if (!more.ok()) {
      return InvalidArgument(path + ":" + std::to_string(reader->line()) + ": " +
                             more.status().message());
    }
    if (!more.value()) break;
    const auto& f = reader->fields();
    if (header) {
      for (size_t i = 0; i < f.size(); ++i) {
        const std::string col = ToLower(Trim(f[i]));
        int* slot = col == "date"    ? &date_col
                    : col == "sku"   ? &sku_col
                    : col == "name"  ? &name_col
                    : col == "value" ? &value_col
                                     : nullptr;
        if (slot == nullptr) {
          return InvalidArgument(path + ":" + std::to_string(reader->line()) +
                                 ": unknown column '" + std::string(f[i]) +
                                 "'; expected the header date[,sku],name,value");
        }
        *slot = static_cast<int>(i);
      }
      if (date_col < 0 || name_col < 0 || value_col < 0) {
        return InvalidArgument(path + ":" + std::to_string(reader->line()) +
                               ": expected the header date[,sku],name,value");
      }
      header = false;
      continue;
    }
    const uint64_t line = reader->line();
    const int width = std::max({date_col, sku_col, name_col, value_col}) + 1;
    if (static_cast<int>(f.size()) != width) {
      return InvalidArgument(path + ":" + std::to_string(line) + ": expected " +
                             std::to_string(width) + " fields, got " + std::to_string(f.size()));
    }
    CovariateValue v;
    const std::string_view date = Trim(f[static_cast<size_t>(date_col)]);
    Result<Timestamp> ts = ParseTimestamp(date);
    if (!ts.ok()) return RowError(path, line, "date", "a date like 2024-01-31", date);
    v.day = DayOf(ts.value());
    if (sku_col >= 0) v.sku = std::string(Trim(f[static_cast<size_t>(sku_col)]));
    v.name = std::string(Trim(f[static_cast<size_t>(name_col)]));
    if (v.name.empty()) return RowError(path, line, "name", "a non-empty covariate name", "");
    const std::string_view value = Trim(f[static_cast<size_t>(value_col)]);
    Result<double> number = ParseReal(value);
    if (!number.ok() || !std::isfinite(number.value())) {
      return RowError(path, line, "value", "a finite number", value);
    }
    v.value = number.value();
    if (name_ids.emplace(v.name, file.names.size()).second) file.names.push_back(v.name);
    file.values.push_back(std::move(v));
  }
  if (header) return InvalidArgument(path + ": empty; expected the header date[,sku],name,value");
  return file;
}

Result<PanelCovariates> BuildPanelCovariates(const Snapshot& snapshot, const DemandPanel& panel,
                                             const CovariateOptions& options) {
  PanelCovariates c;
  c.first = panel.first;
  c.end = panel.end + std::max(options.horizon, 0);
  const size_t width = static_cast<size_t>(c.end - c.first);
  const size_t n = panel.series.size();
  const int64_t days = DaysPerPeriod(panel.period);
  // Holidays.
  c.countries = options.countries;
  if (c.countries.empty()) {
    const std::string main = MainCountry(snapshot);
    const auto& known = HolidayCountries();
    if (std::find(known.begin(), known.end(), main) != known.end()) c.countries.push_back(main);
  }
  ASSIGN_OR_RETURN(c.calendar,
                   BuildCalendar(panel.period, c.first, c.end, c.countries, options.events));
  c.holidays.assign(width, 0.0f);
  const int64_t first_day = DayOf(PeriodStart(panel.period, c.first));
  const int64_t end_day = first_day + days * static_cast<int64_t>(width);
  for (const std::string& country : c.countries) {
    for (int y = CivilFromDays(first_day).year; y <= CivilFromDays(end_day).year; ++y) {
      ASSIGN_OR_RETURN(std::vector<Holiday> hs, HolidaysOf(country, y));
      for (const Holiday& h : hs) {
        if (h.day >= first_day && h.day < end_day) {
          c.holidays[static_cast<size_t>((h.day - first_day) / days)] += 1.0f;
        }
      }
    }
  }
  // Prices.
  std::vector<int64_t> series_of(static_cast<size_t>(snapshot.items.size()), -1);
  for (size_t i = 0; i < n; ++i) series_of[static_cast<size_t>(panel.series[i].item)] = int64_t(i);
  c.list_price.assign(n, kNaN);
  std::vector<std::vector<double>> revenue(n, std::vector<double>(width, 0.0)),
      units(n, std::vector<double>(width, 0.0));
  for (size_t i = 0; i < n; ++i) {
    const size_t item = static_cast<size_t>(panel.series[i].item);
    if (item < snapshot.item_price.size()) c.list_price[i] = snapshot.item_price[item];
  }
  for (size_t l = 0; l < snapshot.lines.size(); ++l) {
    const int32_t item = snapshot.lines.item[l];
    if (item == IdIndex::kNone) continue;
    const int64_t s = series_of[static_cast<size_t>(item)];
    const float price = snapshot.lines.unit_price[l];
    const int32_t q = snapshot.lines.quantity[l];
    const int64_t idx = c.Index(PeriodOf(panel.period, snapshot.lines.ts[l]));
    if (s < 0 || idx < 0 || !std::isfinite(price) || price <= 0 || q <= 0) continue;
    revenue[static_cast<size_t>(s)][static_cast<size_t>(idx)] += double(price) * q;
    units[static_cast<size_t>(s)][static_cast<size_t>(idx)] += q;
  }
  c.price.assign(n, std::vector<float>(width, kNaN));
  for (size_t i = 0; i < n; ++i) {
    for (size_t t = 0; t < width; ++t) {
      if (units[i][t] > 0) c.price[i][t] = static_cast<float>(revenue[i][t] / units[i][t]);
    }
  }
  // Promotions: depth × share of the period's days.
  c.promo.assign(n, std::vector<float>(width, 0.0f));
  const PromotionColumns& promotions = snapshot.promotions;
  for (size_t k = 0; k < promotions.size(); ++k) {
    const int32_t item = promotions.item[k];
    if (series_of[static_cast<size_t>(item)] < 0) continue;
    const size_t s = static_cast<size_t>(series_of[static_cast<size_t>(item)]);
    const std::optional<double>& discount_pct = promotions.discount_pct[k];
    const std::optional<double>& price = promotions.price[k];
    double depth = 0;
    if (discount_pct) {
      depth = *discount_pct / 100.0;
    } else if (price && std::isfinite(c.list_price[s]) && c.list_price[s] > 0) {
      depth = 1.0 - *price / c.list_price[s];
    }
    depth = std::clamp(depth, 0.0, 1.0);
    if (depth <= 0) continue;
    const std::optional<Timestamp>& end = promotions.end[k];
    const int64_t start = std::max(DayOf(promotions.start[k]), first_day);
    const int64_t stop = std::min(end ? DayOf(*end) + 1 : end_day, end_day);
    for (int64_t d = start; d < stop; ++d) {
      c.promo[s][static_cast<size_t>((d - first_day) / days)] +=
          static_cast<float>(depth / static_cast<double>(days));
    }
  }
  // CSV covariates: per name, the SKU's own mean per period, else the all-SKU mean.
  if (options.extra != nullptr) {
    const CovariateFile& file = *options.extra;
    c.extra_names = file.names;
    std::unordered_map<std::string, size_t> name_id;
    for (size_t k = 0; k < file.names.size(); ++k) name_id[file.names[k]] = k;
    const size_t names = file.names.size();
    std::vector<std::vector<double>> all_sum(names, std::vector<double>(width, 0.0)),
        all_count = all_sum;
    std::map<std::pair<size_t, size_t>, std::pair<std::vector<double>, std::vector<double>>> own;
    for (const CovariateValue& v : file.values) {
      if (v.day < first_day || v.day >= end_day) continue;
      const size_t t = static_cast<size_t>((v.day - first_day) / days);
      const size_t k = name_id[v.name];
      if (v.sku.empty()) {
        all_sum[k][t] += v.value;
        all_count[k][t] += 1;
        continue;
      }
      const int32_t item = snapshot.items.Find(v.sku);
      if (item == IdIndex::kNone || series_of[static_cast<size_t>(item)] < 0) continue;
      auto& slot = own[{k, static_cast<size_t>(series_of[static_cast<size_t>(item)])}];
      if (slot.first.empty())
        slot = {std::vector<double>(width, 0.0), std::vector<double>(width, 0.0)};
      slot.first[t] += v.value;
      slot.second[t] += 1;
    }
    c.extra.assign(names, std::vector<std::vector<float>>(n, std::vector<float>(width, kNaN)));
    for (size_t k = 0; k < names; ++k) {
      for (size_t t = 0; t < width; ++t) {
        if (all_count[k][t] == 0) continue;
        const float mean = static_cast<float>(all_sum[k][t] / all_count[k][t]);
        for (size_t s = 0; s < n; ++s) c.extra[k][s][t] = mean;
      }
    }
    for (const auto& [key, sums] : own) {
      for (size_t t = 0; t < width; ++t) {
        if (sums.second[t] > 0) {
          c.extra[key.first][key.second][t] = static_cast<float>(sums.first[t] / sums.second[t]);
        }
      }
    }
  }
  return c;
}

}  // namespace mercato::forecast
