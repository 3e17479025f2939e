// Win-back lapse model's features: a customer's behaviour as known at a point in time — recency,
// frequency, the trend of the gaps between purchase days, spend and basket, discounts, returns,
// channel, country and category mix — from their orders and returns before that point only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"
#include "customers/order_history.h"

namespace mercato::customers {

/// Names of the lapse features, in column order: the fixed behaviour columns, then one spend
/// share per category the history breaks out ("share:<category>").
std::vector<std::string> LapseFeatureNames(const OrderHistory& data);

/// Appends customer `c`'s features to `out`, one per LapseFeatureNames() entry, from their
/// orders and returns strictly before `observed_end`, with every time measured at `as_of`
/// (>= observed_end): `as_of` later than `observed_end` asks what the features will be if the
/// customer does not buy in between. NaN marks what does not exist (a gap for a one-day buyer).
/// `c` must have an order before `observed_end`.
void AppendLapseFeatures(const OrderHistory& data, int32_t c, Timestamp observed_end,
                         Timestamp as_of, std::vector<float>& out);

/// The features of customer `c` at `as_of`, from what happened before it.
std::vector<float> LapseFeatures(const OrderHistory& data, int32_t c, Timestamp as_of);

/// True when customer `c` has an order strictly before `as_of`.
bool HasOrderBefore(const OrderHistory& data, int32_t c, Timestamp as_of);

}  // namespace mercato::customers
