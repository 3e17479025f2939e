// Store demand series: units sold per SKU per day or week from the dataset snapshot, with
// returns kept apart and zero sales during recorded stock-outs censored.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "dataset/snapshot.h"
#include "forecast/compound.h"

namespace mercato::forecast {

enum class Period { kDay, kWeek };

/// Index of the period holding `ts`: DayOf or WeekOf (Monday-based weeks).
int64_t PeriodOf(Period period, Timestamp ts);
/// Timestamp at which period `index` starts (00:00 UTC; Monday for weeks).
Timestamp PeriodStart(Period period, int64_t index);
/// Days in one period (1 or 7).
int DaysPerPeriod(Period period);

struct DemandOptions {
  Period period = Period::kWeek;
  /// Keep only SKUs with a sale in the first `sold_within` complete periods; 0 keeps every SKU
  /// with a sale.
  int sold_within = 0;
};

struct DemandSeries {
  int32_t item = 0;  // dense item id in the snapshot
  std::string sku;
  /// Orders carry no fulfilment location, so demand is per SKU over all locations; this is the
  /// SKU's inventory location when inventory records exactly one for it, else empty.
  std::string location;
  /// Period index of sales[0] / returns[0]: the SKU's first sale in the panel.
  int64_t first = 0;
  /// Units sold per period (returns not netted out). NaN marks censored demand: a period with
  /// no sales in which the SKU was out of stock on at least half of the days — its zero says
  /// nothing about demand, so models skip it and metrics leave it out.
  std::vector<double> sales;
  /// Units returned per period, by return date.
  std::vector<double> returns;
  /// Order lines with a positive quantity per period, aligned with `sales`.
  std::vector<double> lines;
  /// (period index into `sales`, units) of every such line, in period order.
  std::vector<std::pair<int32_t, double>> line_units;
  /// Number of censored (NaN) periods.
  int censored = 0;
};

/// One series per SKU over the complete periods [first, end) of the snapshot's data.
struct DemandPanel {
  Period period = Period::kWeek;
  int64_t first = 0, end = 0;
  std::vector<DemandSeries> series;
};

/// Builds the panel from the snapshot's demand panels, returns and stock levels (for
/// stock-outs). Complete periods: from the first period whose first day holds data to
/// the last one whose final day holds data. A day counts as out of stock when the SKU's on-hand,
/// summed over its locations (each at its latest level recorded before the day starts), is zero or
/// less. FailedPrecondition when the snapshot holds no complete period.
Result<DemandPanel> BuildDemandPanel(const Snapshot& snapshot, const DemandOptions& options);

/// The observed (non-censored) values of sales[0, end), in order.
std::vector<double> Observed(const std::vector<double>& sales, size_t end);

/// The order lines of `s` in its observed periods before `end`: what the compound model reads
/// (a series without `lines` has none).
OrderLineHistory LinesBefore(const DemandSeries& s, size_t end);

}  // namespace mercato::forecast
