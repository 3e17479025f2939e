// The dashboard's customers page: segments and lifecycle stages with their size and value, the
// CLV distribution, cohort retention by first-order month, and the customers whose win-back is
// due. GET /v1/dashboard/customers and `mercato report` call this.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/customer_actions.h"
#include "common/status.h"
#include "customers/order_history.h"

namespace mercato::app {

/// Customers per CLV bin: bin i holds edges[i] <= clv < edges[i + 1]; the last bin also holds
/// every CLV above the last edge (the long tail is not drawn as empty bins).
struct ClvHistogram {
  std::vector<double> edges;  // bins + 1 values, from 0
  std::vector<int64_t> counts;
};

/// `bins` equal bins from 0 whose width is the smallest 1, 2 or 5 × 10^k at least the 95th
/// percentile CLV / bins (nearest rank), so that outliers do not squash the rest; width 1 when
/// every CLV is 0. No customers: bins empty bins of width 1.
ClvHistogram BuildClvHistogram(std::span<const double> clv, int bins);

/// Customers who first ordered in one calendar month, and the share of them who ordered in each
/// month since: retention[0] (the first month) is 1, retention[m] the share with an order in the
/// m-th month after it, up to the month of as_of.
struct Cohort {
  std::string month;  // YYYY-MM
  int64_t customers = 0;
  std::vector<double> retention;
};

/// The cohorts of the last `months` calendar months up to the month holding the day before
/// `as_of` (exclusive end), oldest first, from orders before `as_of`. Months without a first
/// order are left out.
std::vector<Cohort> CohortRetention(const customers::OrderHistory& history, Timestamp as_of,
                                    int months);

struct WinbackDue {
  std::string customer_id, first_name, segment, stage;
  double clv = 0, p_alive = 0;
  Timestamp winback_start = 0;
};

struct DashboardCustomersOptions {
  std::string db;
  InsightArgs insight;
  int limit = 50;  // win-back rows, highest CLV first (1 … 1000)
  int winback_within_days = 30;
  int cohort_months = 12;
  int clv_bins = 10;
  /// Insights already computed with the default options (the server's served models): used
  /// instead of fitting when ReusableInsights accepts them for `insight`.
  const customers::CustomerInsights* computed = nullptr;
};

struct DashboardCustomers {
  Timestamp as_of = 0;  // the insights' exclusive end: data up to the day before
  int64_t customers = 0;
  std::map<std::string, SegmentTally> by_segment, by_stage;
  ClvHistogram clv_histogram;
  std::vector<Cohort> cohorts;
  std::vector<WinbackDue> winback_due;
  int64_t winback_due_count = 0;  // before the limit
  int64_t at_risk_count = 0;      // customers at the at-risk stage
};

/// The customers page of the store at `db` (read on a connection of its own).
Result<DashboardCustomers> BuildDashboardCustomers(const DashboardCustomersOptions& options);

/// {"as_of", "customers", "segments": [{"name", "customers", "spend", "clv"}], "stages": [same],
///  "clv_histogram": {"edges", "counts"}, "cohorts": [{"cohort", "customers", "retention"}],
///  "winback_due": [{"customer_id", "first_name", "segment", "stage", "clv", "p_alive",
///  "winback_start"}], "winback_due_count", "at_risk_count"}; money to the cent, rates to 4
///  decimals, dates YYYY-MM-DD; segments and stages largest first.
nlohmann::ordered_json DashboardCustomersJson(const DashboardCustomers& page);

}  // namespace mercato::app
