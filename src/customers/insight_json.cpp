// JSON of a customer's insights.
#include "customers/insight_json.h"

#include <string>

namespace mercato::customers {
namespace {

std::string Day(Timestamp ts) { return FormatTimestamp(ts).substr(0, 10); }

}  // namespace

nlohmann::ordered_json InsightJson(const CustomerInsight& c) {
  auto day_or_null = [](const std::optional<Timestamp>& t) {
    return t ? nlohmann::ordered_json(Day(*t)) : nlohmann::ordered_json(nullptr);
  };
  return {{"id", c.id},
          {"segment", RfmSegmentName(c.rfm.segment)},
          {"stage", LifecycleStageName(c.stage)},
          {"rfm", std::to_string(c.rfm.recency) + std::to_string(c.rfm.frequency) +
                      std::to_string(c.rfm.monetary)},
          {"purchases", c.purchases},
          {"first_purchase", Day(c.first_purchase)},
          {"last_purchase", Day(c.last_purchase)},
          {"total_spend", c.total_spend},
          {"p_alive", c.p_alive},
          {"lapse_risk", c.lapse_risk},
          {"expected_purchases_90d", c.expected_purchases},
          {"next_order_date", day_or_null(c.next_order_date)},
          {"expected_spend", c.expected_spend},
          {"clv", c.clv},
          {"lapse_date", day_or_null(c.lapse_date)},
          {"winback_start", day_or_null(c.winback_start)},
          {"basis", c.basis}};
}

}  // namespace mercato::customers
