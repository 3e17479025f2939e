// Customer actions over the store's insights: the insight options every customer command takes,
// the selection of customers by stage, RFM segment and win-back timing, the segment and stage
// tallies with behavioural clusters, customer lists, the members of a segment, and the
// consent-checked export for email service providers (ESP).
// `mercato customers`, `mercato campaign` and the customer routes call these.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/customer_data.h"
#include "app/option_doc.h"
#include "common/status.h"
#include "customers/clustering.h"
#include "customers/insights.h"
#include "privacy/consent_policy.h"

namespace mercato::app {

/// How insights are computed, as the customer commands take it (errors name the CLI options).
struct InsightArgs {
  std::string as_of;  // use orders up to this date (default: all)
  std::string model = "mbgnbd";
  double lapse_threshold = 0.5;
  int winback_lead_days = 45;
};

/// The insight options in the order the CLI lists them: as_of, model, lapse_threshold,
/// winback_lead_days (also the ESP export route's query parameters).
std::span<const OptionDoc<InsightArgs>> InsightOptionDocs();

/// Checks `args` and computes every customer's insights on `data`'s order histories.
Result<customers::CustomerInsights> ComputeCustomerInsights(const InsightArgs& args,
                                                            const CustomerData& data);

/// `computed` when it answers `args`: insights computed elsewhere with the default options (the
/// server's served models, fitted at their load) serve a request with the default model,
/// lapse threshold and win-back lead, and no as_of or one whose day after is their as_of.
/// Null otherwise (or when `computed` is null): the caller computes its own.
const customers::CustomerInsights* ReusableInsights(const customers::CustomerInsights* computed,
                                                    const InsightArgs& args);

struct SegmentCustomersOptions {
  std::string db;
  InsightArgs insight;
  bool clusters = true;  // also cluster the customers by behaviour
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
};

/// Customers, summed spend and summed CLV of one RFM segment or lifecycle stage.
struct SegmentTally {
  int64_t customers = 0;
  double clv = 0, spend = 0;
};

/// Adds each customer of `insights` to the tally of their RFM segment and of their lifecycle
/// stage (by name).
void TallySegments(const customers::CustomerInsights& insights,
                   std::map<std::string, SegmentTally>& by_segment,
                   std::map<std::string, SegmentTally>& by_stage);

struct CustomerSegments {
  customers::CustomerInsights insights;
  std::map<std::string, SegmentTally> by_segment, by_stage;  // by name
  /// With clusters asked for: the clustering, or why it was skipped (too few customers).
  std::optional<customers::Clustering> clustering;
  std::string clusters_skipped;
  std::map<int32_t, int32_t> cluster_of;  // dense customer id -> cluster
  std::string currency;                   // of the spend and CLV; empty when unknown
};

/// Every customer's insights tallied by RFM segment and lifecycle stage, and optionally their
/// behavioural clusters as of the insights' date.
Result<CustomerSegments> SegmentCustomers(const SegmentCustomersOptions& options);

/// Which customers a list or an export keeps, as text (empty: no filter).
struct CustomerSelectionArgs {
  std::string stage;               // a lifecycle stage: new, active, at-risk, lapsed, ...
  std::string segment;             // an RFM segment, e.g. Champions or "At risk"
  std::string winback_due_within;  // a span such as 7d or 2w
};

/// The selection's options in the order the CLI lists them: stage, segment, winback_due_within.
std::span<const OptionDoc<CustomerSelectionArgs>> CustomerSelectionOptionDocs();

/// A parsed selection: a customer is kept when every filter given keeps them.
struct CustomerSelection {
  std::optional<customers::CustomerSegment> stage;
  std::optional<customers::CustomerSegment> segment;
  std::optional<int64_t> winback_due_days;

  /// Win-back due within N days: the start date falls before as_of + N days and the customer
  /// has not lapsed yet (overdue starts count).
  bool Keeps(const customers::CustomerInsight& c, Timestamp as_of) const;
};

Result<CustomerSelection> ParseCustomerSelection(const CustomerSelectionArgs& args);

/// The customers of `insights` in `segment`, in the insights' order.
std::vector<const customers::CustomerInsight*> CustomersIn(
    const customers::CustomerInsights& insights, const customers::CustomerSegment& segment);

/// Ids of the customers of the store at `db` in `segment` (insights with default options),
/// sorted.
Result<std::vector<std::string>> SegmentMembers(const std::string& db,
                                                const customers::CustomerSegment& segment);

struct ListCustomersOptions {
  std::string db;
  InsightArgs insight;
  CustomerSelection selection;
  size_t limit = 0;  // at most this many (0: all), highest CLV first
  /// Insights already computed with the default options (the server's served models): used
  /// instead of fitting when ReusableInsights accepts them for `insight`.
  const customers::CustomerInsights* computed = nullptr;
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
};

struct CustomerList {
  /// The insights the customers were chosen from: ListCustomersOptions::computed when reused
  /// (not copied: it must outlive the list), else `owned`.
  const customers::CustomerInsights* insights = nullptr;
  std::shared_ptr<const customers::CustomerInsights> owned;
  std::vector<size_t> chosen;  // indices into insights->customers, highest CLV first
  /// Who each chosen customer is (email, name, Shopify id), in the order of `chosen`: the stored
  /// customer row, or only the id for a customer that orders name but no row describes.
  std::vector<Customer> contacts;
  std::string currency;  // of the spend and CLV; empty when unknown
};

/// The selected customers with their insights and stored details, most valuable first.
Result<CustomerList> ListCustomers(const ListCustomersOptions& options);

/// A listed customer's row: InsightJson's keys, then who they are for admin eyes (email,
/// first_name, last_name, shopify_id): the columns of `mercato customers list` and of
/// GET /v1/customers.
nlohmann::ordered_json CustomerListRow(const customers::CustomerInsight& insight,
                                       const Customer& who);

/// The list as CSV: CustomerListRow's columns (the header even without rows), money with two
/// decimals, probabilities with three; when the list's currency is known, a last column
/// "currency".
std::string CustomerListCsv(const CustomerList& list);

/// The ESP file's layout. Both put the contact first and the profile properties and
/// recommended products after it, one column each, in the same order; they differ in the
/// email column's header: "Email" (Klaviyo's list upload) or "Email Address" (Mailchimp's
/// import, which maps it to its email field).
enum class EspLayout { kKlaviyo, kMailchimp };

/// "klaviyo" or "mailchimp"; InvalidArgument naming both otherwise.
Result<EspLayout> ParseEspLayout(std::string_view name);

struct EspExportOptions {
  std::string db;
  InsightArgs insight;
  CustomerSelection selection;
  privacy::ConsentPolicy policy = privacy::DefaultConsentPolicy();
  EspLayout layout = EspLayout::kKlaviyo;
  /// Recommended products per row, from the trained artifacts (RecommendForUser's defaults:
  /// personalized only with consent, nothing already bought, in stock); 0: none.
  int recommendations = 3;
  std::string artifacts;  // default: <db>.artifacts
  /// The storefront's address: products without a URL link to {shop_url}/products/{handle}.
  std::string shop_url;
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
};

/// The most recommended products an ESP row carries.
inline constexpr int kMaxEspRecommendations = 20;

/// The columns of an ESP row, in order: the email ("Email" or "Email Address"), "First Name",
/// "Last Name", segment, clv, p_alive, next_order_date, winback_start, churn_probability, aov,
/// order_count, last_order_date, stage, then rec_N_title, rec_N_url, rec_N_image, rec_N_price
/// for N = 1 … recommendations. clv, aov and the prices are money; p_alive and
/// churn_probability probabilities; dates YYYY-MM-DD.
std::vector<std::string> EspColumns(EspLayout layout, int recommendations);

/// One row per selected customer who allows email marketing and has an email address, with
/// the EspColumns (a customer with fewer recommendations than asked has those columns empty).
/// The counts say who was left out and why.
struct EspExport {
  std::vector<nlohmann::ordered_json> rows;
  int64_t selected = 0;
  int64_t no_consent = 0;
  int64_t no_email = 0;
  /// Why the rows carry no recommended products although some were asked for (no trained
  /// models, with what to run); empty otherwise.
  std::string recommendations_skipped;
  /// The currency of clv, aov and the prices; when known, each row ends with a "currency" column.
  std::string currency;
};

Result<EspExport> ExportEsp(const EspExportOptions& options);

}  // namespace mercato::app
