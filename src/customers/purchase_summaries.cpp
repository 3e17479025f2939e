// Purchase days per customer from the order history, summarized for the BTYD models.
#include "customers/purchase_summaries.h"

#include <algorithm>

namespace mercato::customers {

PurchaseSummaries SummarizePurchases(const OrderHistory& history, Timestamp calibration_end,
                                     std::optional<Timestamp> holdout_end) {
  PurchaseSummaries out;
  out.calibration_end = calibration_end;
  // T counts whole days up to the end of the day holding the last calibration instant.
  const int64_t end_day = DayOf(calibration_end - 1) + 1;
  if (holdout_end) {
    out.holdout_weeks = std::max<double>(0.0, static_cast<double>(DayOf(*holdout_end) - end_day)) /
                        kDaysPerSummaryUnit;
  }
  for (int32_t c = 0; c < history.num_customers(); ++c) {
    const int32_t begin = history.customer_start[c], end = history.customer_start[c + 1];
    if (begin == end || history.ts[begin] >= calibration_end) continue;
    const int64_t first_day = DayOf(history.ts[begin]);
    int64_t day = first_day, last_day = first_day;
    double days = 1, repeat_value = 0, holdout = 0, day_value = 0;
    for (int32_t o = begin; o < end; ++o) {
      const Timestamp ts = history.ts[o];
      if (ts >= calibration_end) {
        if (holdout_end && ts < *holdout_end && DayOf(ts) != day) {
          ++holdout;
          day = DayOf(ts);
        }
        continue;
      }
      const int64_t d = DayOf(ts);
      if (d != day) {
        if (day != first_day) repeat_value += day_value;
        ++days;
        day = last_day = d;
        day_value = 0;
      }
      day_value += history.value[o];
    }
    if (last_day != first_day) repeat_value += day_value;
    CustomerSummary s;
    s.id = history.customer_ids[c];
    s.frequency = days - 1;
    s.recency = static_cast<double>(last_day - first_day) / kDaysPerSummaryUnit;
    s.age = static_cast<double>(end_day - first_day) / kDaysPerSummaryUnit;
    s.monetary = s.frequency > 0 ? std::max(0.0, repeat_value / s.frequency) : 0.0;
    out.customer.push_back(c);
    out.summaries.push_back(std::move(s));
    if (holdout_end) out.holdout_purchases.push_back(holdout);
  }
  return out;
}

}  // namespace mercato::customers
