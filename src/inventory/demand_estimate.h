// Daily demand rate and its uncertainty for one SKU as of a day: a weekly series of the sales
// history with stock-out days censored, forecast by a forecast-library model, and the spread of
// that model's errors on a holdout of the latest weeks.
#pragma once

#include <cstdint>
#include <vector>

#include "forecast/models.h"
#include "inventory/inventory_data.h"
#include "inventory/options.h"
#include "inventory/reorder_math.h"

namespace mercato::inventory {

struct DemandEstimate {
  DemandRate rate;             // per day
  int weeks = 0;               // weekly observations the estimate used
  int64_t last_sale_day = -1;  // latest day with a sale before the as-of day, -1 when none
};

/// Weekly demand from daily sales and stock-out flags, in 7-day weeks ending on the last day (a
/// leading partial week is dropped). Days out of stock are censored: a week's value is its in-stock
/// sales scaled to 7 days, and a week with no in-stock day takes the mean of the others.
std::vector<double> CensoredWeeklyDemand(const std::vector<double>& daily_sales,
                                         const std::vector<bool>& out_of_stock);

/// The demand of `item` over the `horizon_days` after `as_of_day`, from data strictly before it
/// and from its first sale on:
/// the mean of `model`'s weekly forecast for the weeks covering the horizon, and as spread the
/// RMSE of the same model on a holdout of the last min(8, n/4) weeks, floored at the Poisson
/// spread √mean. With fewer than 8 weeks the weekly mean and standard deviation are used. The
/// model sees a season of 52 weeks when the series it forecasts (the whole history, or the
/// holdout's training part) holds at least 104 weeks, else season 1.
DemandEstimate EstimateDemand(const InventoryData& data, int32_t item, int64_t as_of_day,
                              double horizon_days, forecast::ModelFn model,
                              const InventoryOptions& options);

}  // namespace mercato::inventory
