// Covariates of the demand models per series and period: country holidays (by rule), selling
// price and promotions from the snapshot, and named covariates from a generic CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/snapshot.h"
#include "forecast/calendar.h"
#include "forecast/demand_series.h"

namespace mercato::forecast {

/// One row of a covariate CSV.
struct CovariateValue {
  int64_t day = 0;  // days since epoch
  std::string sku;  // empty: the value holds for every SKU
  std::string name;
  double value = 0;
};

/// A covariate CSV: rows in file order and the distinct names in order of first appearance.
struct CovariateFile {
  std::vector<CovariateValue> values;
  std::vector<std::string> names;
};

/// Reads a covariate CSV (plain, .gz or .zst) whose header is `date,name,value` or
/// `date,sku,name,value` (any column order); `date` is any date ParseTimestamp accepts, `name` a
/// non-empty label and `value` a finite number. The first bad row is an InvalidArgument error
/// naming the file, line, field and what was expected; a missing column names the header.
Result<CovariateFile> ReadCovariateCsv(const std::string& path);

struct CovariateOptions {
  /// Countries whose holidays count (ISO alpha-2, from HolidayCountries()). Empty: the most
  /// common customer country of the snapshot when it has rules, else none.
  std::vector<std::string> countries;
  /// Periods after the panel's end to cover (the forecast horizon).
  int horizon = 0;
  /// Named covariates; may be null.
  const CovariateFile* extra = nullptr;
  /// The store's events (sales, promotion days) for the calendar.
  std::vector<StoreEvent> events;
};

/// Covariates over the periods [first, end) = [panel.first, panel.end + horizon). Every per-period
/// vector has end − first entries; NaN marks an unknown value.
struct PanelCovariates {
  int64_t first = 0, end = 0;
  std::vector<std::string> countries;
  /// Per period: holiday days (in any of the countries) in the period.
  std::vector<float> holidays;
  /// Per series (as panel.series), per period: the quantity-weighted mean unit price of its
  /// sales (NaN in periods without a priced sale). Known only for the past.
  std::vector<std::vector<float>> price;
  /// Per series: catalog price (NaN when unknown).
  std::vector<float> list_price;
  /// Per series, per period: discount depth (0–1) of the promotions of the SKU, weighted by the
  /// share of the period's days they run (0 without a promotion). Planned, so known ahead.
  std::vector<std::vector<float>> promo;
  /// Names of the CSV covariates and, per name, per series, per period, the mean of the CSV
  /// values on the period's days (the SKU's own rows, else the rows for every SKU).
  std::vector<std::string> extra_names;
  std::vector<std::vector<std::vector<float>>> extra;
  /// Moving feasts, holidays of `countries` and the store's events by date (BuildCalendar).
  Calendar calendar;

  /// Index of period `p` in the per-period vectors, or -1 outside [first, end).
  int64_t Index(int64_t p) const { return p >= first && p < end ? p - first : -1; }
};

/// Builds the covariates of `panel` from the snapshot (customers' countries, promotions,
/// order-line prices, catalog prices) and options.extra. InvalidArgument for a country without
/// holiday rules.
Result<PanelCovariates> BuildPanelCovariates(const Snapshot& snapshot, const DemandPanel& panel,
                                             const CovariateOptions& options);

}  // namespace mercato::forecast
