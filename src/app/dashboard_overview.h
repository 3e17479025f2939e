// The dashboard's overview: sales by day, ISO week or month with the change against the previous
// period, conversion from the store's events, the top products of the current period, and what
// deserves a look today (stock-outs and excess stock from the reorder plan, at-risk VIPs from the
// customer insights, abandoned carts, data-quality problems). GET /v1/dashboard/overview and
// `mercato report` call this.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/customer_actions.h"
#include "common/status.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "inventory/options.h"
#include "inventory/planner.h"
#include "privacy/consent_policy.h"

namespace mercato::app {

enum class DashboardPeriod { kDay, kWeek, kMonth };

/// "day", "week" or "month"; InvalidArgument naming the three otherwise.
Result<DashboardPeriod> ParseDashboardPeriod(std::string_view name);
std::string_view DashboardPeriodName(DashboardPeriod period);

/// Calendar days [first_day, last_day] (days since the epoch, both included).
struct DayRange {
  int64_t first_day = 0, last_day = 0;
};

/// The `count` periods that end with the one holding `as_of_day`, oldest first. Days start at
/// 00:00 UTC, weeks on the ISO Monday, months on the 1st; the last period ends at `as_of_day`
/// (it is cut short when as_of is not the period's last day).
std::vector<DayRange> DashboardPeriods(DashboardPeriod period, int count, int64_t as_of_day);

/// One period's sales. Revenue is merchandise value (quantity × unit price of the order lines,
/// as the customer models count spend; lines without a price add nothing). Customers are known
/// customers (guests' orders count in orders and revenue only).
struct PeriodSales {
  DayRange days;
  double revenue = 0;
  int64_t orders = 0;
  std::optional<double> aov;  // revenue / orders; none without orders
  int64_t customers = 0;      // distinct known customers who ordered
  int64_t new_customers = 0;  // of them, those whose first order falls in the period
  /// Share of `customers` who had ordered before the period; none without customers.
  std::optional<double> repeat_purchase_rate;
  /// Distinct visitors with any event in the period: an event's session id, or its customer id
  /// when it has no session (events with neither are not counted). None when the store has no
  /// event in the period.
  std::optional<int64_t> visitors;
  /// Share of visitors who converted: a `purchase` event, or a customer id on their events that
  /// ordered in the period. None without visitors.
  std::optional<double> conversion_rate;
  std::optional<double> revenue_per_visitor;  // none without visitors
};

/// What the store's events say, reduced to what the overview counts.
struct VisitEvent {
  Timestamp ts = 0;
  std::string visitor;      // session id, else "customer:" + customer id
  std::string customer_id;  // "" when anonymous
  bool purchase = false;
};

/// The sales of each of `periods` from the snapshot's orders and lines and from `events` (any
/// order). A customer's first order is their first in the whole snapshot.
std::vector<PeriodSales> SalesByPeriod(const Snapshot& snapshot,
                                       const std::vector<VisitEvent>& events,
                                       const std::vector<DayRange>& periods);

/// A product of the current period, by revenue: its product id when the catalog groups its
/// variants, else its SKU; the title its variants share.
struct TopProduct {
  std::string product_id, sku, title;
  int64_t units = 0;
  double revenue = 0;
};

/// The `limit` products with the most revenue over `days` (ties: more units, then the key).
std::vector<TopProduct> TopProducts(const Snapshot& snapshot, DayRange days, int limit);

/// One thing that deserves a look: kind (stockout, excess_stock, at_risk_vip, abandoned_carts,
/// data_quality), severity (high, medium, low), what and how many, and the dashboard page
/// where the merchant acts on it.
struct AttentionItem {
  std::string kind, severity, title, detail;
  int64_t count = 0;
  std::string page;
};

/// A part of the attention list that could not be computed, and why.
struct SkippedCheck {
  std::string kind, reason;
};

/// From the reorder plan: SKU × locations projected to run out before an order placed on the
/// plan's day could arrive (stock-out day within the mean lead time, rounded up), and those with
/// stock above the plan's excess cover. Only problems found are listed.
std::vector<AttentionItem> PlanItems(const inventory::Plan& plan);

/// The data-quality items of `snapshot`: order lines (up to the end of `as_of_day`) that name
/// no catalog product, and catalog products without a cost. Only problems found are listed.
std::vector<AttentionItem> DataQualityItems(const Snapshot& snapshot, int64_t as_of_day);

/// At-risk customers who spent at least what the least-spending VIP did over the last 365 days
/// (the VIP cut the insights applied): valuable customers slipping away. Highest CLV first.
std::vector<const customers::CustomerInsight*> AtRiskVips(
    const customers::CustomerInsights& insights);

struct DashboardOverviewOptions {
  std::string db;
  DashboardPeriod period = DashboardPeriod::kWeek;
  int periods = 12;   // 1 … kMaxDashboardPeriods
  std::string as_of;  // the last day counted (default: the day of the store's last order)
  int top_products = 10;
  InsightArgs insight;  // for at-risk VIPs (its as_of is the overview's)
  inventory::InventoryOptions inventory;
  /// Carts abandoned within this many days before the end of as_of are counted.
  int abandoned_cart_days = 7;
  int abandon_after_minutes = 60;
  privacy::ConsentPolicy policy = privacy::DefaultConsentPolicy();
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
  /// Insights already computed with the default options (the server's served models): used for
  /// the at-risk VIPs instead of fitting when ReusableInsights accepts them for the overview's
  /// as_of.
  const customers::CustomerInsights* computed = nullptr;
};

inline constexpr int kMaxDashboardPeriods = 366;

struct DashboardOverview {
  int64_t as_of_day = 0;
  DashboardPeriod period = DashboardPeriod::kWeek;
  std::vector<PeriodSales> series;  // oldest first; the last is the current period
  PeriodSales previous;             // the period before the current one
  std::vector<TopProduct> top_products;
  std::vector<AttentionItem> attention;  // high severity first
  std::vector<SkippedCheck> skipped;
  std::string currency;  // ISO 4217 code of the money; empty when unknown
};

/// The overview of the store at `db` (read on a connection of its own).
Result<DashboardOverview> BuildDashboardOverview(const DashboardOverviewOptions& options);

/// (current - previous) / previous; none when either is unknown or previous is 0.
std::optional<double> RelativeChange(std::optional<double> current, std::optional<double> previous);

/// {"as_of", "period", "currency" (null when unknown), "series": [{"start", "end", "revenue",
/// "orders", "aov",
///  "customers", "new_customers", "repeat_purchase_rate", "visitors", "conversion_rate",
///  "revenue_per_visitor"}], "current", "previous", "change": {key: fraction or null},
///  "top_products": [{"product_id" or "sku", "title", "units", "revenue"}], "attention": [{"kind",
///  "severity", "title", "detail", "count", "page"}], "skipped": [{"kind", "reason"}]}; money to
///  the cent, rates to 4 decimals, dates YYYY-MM-DD, null when undefined.
nlohmann::ordered_json DashboardOverviewJson(const DashboardOverview& overview);

}  // namespace mercato::app
