// Counting customers, history and repeat buyers against the minimum-data requirements.
#include "customers/model_gate.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mercato::customers {
namespace {

std::string Whole(double v) { return std::to_string(static_cast<int64_t>(std::floor(v))); }

}  // namespace

std::string ModelDataCheck::Describe() const {
  if (missing.empty()) return "enough data";
  std::string text;
  for (const std::string& m : missing) text += (text.empty() ? "" : "; ") + m;
  return text;
}

ModelDataCheck CheckModelData(std::span<const CustomerSummary> summaries,
                              std::optional<double> days_per_unit,
                              const DataRequirements& requirements) {
  ModelDataCheck check;
  const auto customers = static_cast<int64_t>(summaries.size());
  int64_t three_or_more = 0;
  double longest_age = 0;
  double since_last = summaries.empty() ? 0.0 : std::numeric_limits<double>::infinity();
  for (const CustomerSummary& c : summaries) {
    if (c.frequency >= 2) ++three_or_more;
    longest_age = std::max(longest_age, c.age);
    since_last = std::min(since_last, c.age - c.recency);
  }
  if (customers < requirements.min_customers) {
    check.missing.push_back(std::to_string(customers) + " customers with orders; at least " +
                            std::to_string(requirements.min_customers) + " are needed");
  }
  if (days_per_unit) {
    const double history_days = longest_age * *days_per_unit;
    if (history_days < requirements.min_history_days) {
      check.missing.push_back(Whole(history_days) + " days of order history; at least " +
                              Whole(requirements.min_history_days) + " are needed");
    }
    const double idle_days = since_last * *days_per_unit;
    if (!summaries.empty() && idle_days > requirements.max_days_since_last_order) {
      check.missing.push_back("no order in the last " + Whole(idle_days) +
                              " days; an order within the last " +
                              Whole(requirements.max_days_since_last_order) + " days is needed");
    }
  }
  if (three_or_more < requirements.min_customers_with_three_purchases) {
    check.missing.push_back(
        std::to_string(three_or_more) + " customers with 3 or more purchases; at least " +
        std::to_string(requirements.min_customers_with_three_purchases) + " are needed");
  }
  check.passed = check.missing.empty();
  return check;
}

}  // namespace mercato::customers
