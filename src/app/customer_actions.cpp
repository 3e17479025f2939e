// Insights with the commands' options, segment tallies and clusters, customer selection, lists,
// segment members, ESP export.
#include "app/customer_actions.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "app/json_rows_csv.h"
#include "app/recommend_actions.h"
#include "app/store_currency.h"
#include "common/text.h"
#include "customers/insight_json.h"
#include "privacy/consent_ledger.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

std::string Day(Timestamp ts) { return FormatTimestamp(ts).substr(0, 10); }

// Every stored customer row by id.
Result<std::unordered_map<std::string, Customer>> StoredCustomersById(Store& store) {
  std::unordered_map<std::string, Customer> by_id;
  RETURN_IF_ERROR(ScanAll<Customer>(store, [&](const Customer& c) {
    by_id.emplace(c.id, c);
    return Status::Ok();
  }));
  return by_id;
}

}  // namespace

std::span<const OptionDoc<InsightArgs>> InsightOptionDocs() {
  using O = InsightArgs;
  static const OptionDoc<O> kDocs[] = {
      {"as_of", "Use orders up to this date (default: all)", &O::as_of},
      {"model", "BTYD model: mbgnbd, bgnbd or pareto_nbd", &O::model},
      {"lapse_threshold", "A customer lapses when P(alive) falls to this", &O::lapse_threshold},
      {"winback_lead_days", "Win-back starts this many days before the predicted lapse date",
       &O::winback_lead_days},
  };
  return kDocs;
}

std::span<const OptionDoc<CustomerSelectionArgs>> CustomerSelectionOptionDocs() {
  using O = CustomerSelectionArgs;
  static const OptionDoc<O> kDocs[] = {
      {"stage", "new, active, at-risk, lapsed, won-back or vip", &O::stage},
      {"segment", "An RFM segment, e.g. Champions or \"At risk\"", &O::segment},
      {"winback_due_within", "Only customers whose win-back starts within this span (7d, 2w)",
       &O::winback_due_within},
  };
  return kDocs;
}

Result<customers::CustomerInsights> ComputeCustomerInsights(const InsightArgs& args,
                                                            const CustomerData& data) {
  customers::InsightOptions options;
  const auto kind = customers::ParseBtydKind(args.model);
  if (!kind)
    return InvalidArgument("--model " + args.model + ": expected mbgnbd, bgnbd or pareto_nbd");
  options.model = *kind;
  if (!(args.lapse_threshold > 0 && args.lapse_threshold < 1)) {
    return InvalidArgument("--lapse-threshold: expected a probability strictly between 0 and 1");
  }
  options.lapse_threshold = args.lapse_threshold;
  options.winback_lead_days = args.winback_lead_days;
  if (!args.as_of.empty()) {
    ASSIGN_OR_RETURN(options.as_of, DayAfter(args.as_of, "--as-of"));
  }
  return customers::ComputeInsights(data.history, options);
}

const customers::CustomerInsights* ReusableInsights(const customers::CustomerInsights* computed,
                                                    const InsightArgs& args) {
  if (computed == nullptr) return nullptr;
  const InsightArgs defaults;
  if (args.model != defaults.model || args.lapse_threshold != defaults.lapse_threshold ||
      args.winback_lead_days != defaults.winback_lead_days) {
    return nullptr;
  }
  if (args.as_of.empty()) return computed;
  Result<Timestamp> after = DayAfter(args.as_of, "--as-of");
  return after.ok() && *after == computed->as_of ? computed : nullptr;
}

void TallySegments(const customers::CustomerInsights& insights,
                   std::map<std::string, SegmentTally>& by_segment,
                   std::map<std::string, SegmentTally>& by_stage) {
  for (const customers::CustomerInsight& c : insights.customers) {
    for (SegmentTally* t : {&by_segment[std::string(customers::RfmSegmentName(c.rfm.segment))],
                            &by_stage[std::string(customers::LifecycleStageName(c.stage))]}) {
      ++t->customers;
      t->clv += c.clv;
      t->spend += c.total_spend;
    }
  }
}

Result<CustomerSegments> SegmentCustomers(const SegmentCustomersOptions& options) {
  ASSIGN_OR_RETURN(const CustomerData data, LoadCustomerData(options.db));
  CustomerSegments out;
  ASSIGN_OR_RETURN(out.currency, StoreCurrency(*data.store, options.currency));
  ASSIGN_OR_RETURN(out.insights, ComputeCustomerInsights(options.insight, data));
  TallySegments(out.insights, out.by_segment, out.by_stage);
  if (!options.clusters) return out;
  customers::ClusteringOptions clustering;
  clustering.as_of = out.insights.as_of;
  auto clustered = customers::ClusterCustomers(data.history, clustering);
  if (!clustered.ok()) {
    out.clusters_skipped = clustered.status().message();
    return out;
  }
  out.clustering = std::move(clustered).value();
  for (size_t i = 0; i < out.clustering->customer.size(); ++i) {
    out.cluster_of[out.clustering->customer[i]] = out.clustering->assignment[i];
  }
  return out;
}

bool CustomerSelection::Keeps(const customers::CustomerInsight& c, Timestamp as_of) const {
  if (stage && !stage->Contains(c)) return false;
  if (segment && !segment->Contains(c)) return false;
  if (winback_due_days) {
    if (!c.winback_start || !c.lapse_date || *c.lapse_date <= as_of) return false;
    if (*c.winback_start >= as_of + *winback_due_days * kSecondsPerDay) return false;
  }
  return true;
}

Result<CustomerSelection> ParseCustomerSelection(const CustomerSelectionArgs& args) {
  CustomerSelection s;
  if (!args.stage.empty()) {
    const auto stage = customers::ParseLifecycleStage(args.stage);
    if (!stage) {
      return InvalidArgument("--stage " + args.stage +
                             ": expected new, active, at-risk, lapsed, won-back or vip");
    }
    s.stage = customers::CustomerSegment{stage, std::nullopt};
  }
  if (!args.segment.empty()) {
    const auto rfm = customers::ParseRfmSegment(args.segment);
    if (!rfm) {
      return InvalidArgument("--segment " + args.segment +
                             ": expected an RFM segment such as Champions, \"At risk\" or Lost");
    }
    s.segment = customers::CustomerSegment{std::nullopt, rfm};
  }
  if (!args.winback_due_within.empty()) {
    auto days = ParseDays(args.winback_due_within);
    if (!days.ok()) return InvalidArgument("--winback-due-within: " + days.status().message());
    s.winback_due_days = days.value();
  }
  return s;
}

std::vector<const customers::CustomerInsight*> CustomersIn(
    const customers::CustomerInsights& insights, const customers::CustomerSegment& segment) {
  std::vector<const customers::CustomerInsight*> members;
  for (const customers::CustomerInsight& c : insights.customers) {
    if (segment.Contains(c)) members.push_back(&c);
  }
  return members;
}

Result<std::vector<std::string>> SegmentMembers(const std::string& db,
                                                const customers::CustomerSegment& segment) {
  ASSIGN_OR_RETURN(CustomerData data, LoadCustomerData(db));
  ASSIGN_OR_RETURN(customers::CustomerInsights insights, customers::ComputeInsights(data.history));
  std::vector<std::string> members;
  for (const customers::CustomerInsight* c : CustomersIn(insights, segment)) {
    members.push_back(c->id);
  }
  std::sort(members.begin(), members.end());
  return members;
}

Result<CustomerList> ListCustomers(const ListCustomersOptions& options) {
  CustomerList list;
  std::unique_ptr<Store> store;
  if (const auto* reused = ReusableInsights(options.computed, options.insight)) {
    // Only the stored contacts are read: no snapshot to load.
    if (!std::filesystem::exists(options.db)) {
      return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                      options.db + " ...`)");
    }
    ASSIGN_OR_RETURN(store, OpenStore(options.db));
    list.insights = reused;
  } else {
    ASSIGN_OR_RETURN(CustomerData data, LoadCustomerData(options.db));
    ASSIGN_OR_RETURN(customers::CustomerInsights fitted,
                     ComputeCustomerInsights(options.insight, data));
    list.owned = std::make_shared<const customers::CustomerInsights>(std::move(fitted));
    list.insights = list.owned.get();
    store = std::move(data.store);
  }
  ASSIGN_OR_RETURN(list.currency, StoreCurrency(*store, options.currency));
  const std::vector<customers::CustomerInsight>& all = list.insights->customers;
  for (size_t i = 0; i < all.size(); ++i) {
    if (options.selection.Keeps(all[i], list.insights->as_of)) list.chosen.push_back(i);
  }
  // Most valuable first, so a limit keeps the customers worth acting on.
  std::stable_sort(list.chosen.begin(), list.chosen.end(),
                   [&all](size_t a, size_t b) { return all[a].clv > all[b].clv; });
  if (options.limit > 0 && list.chosen.size() > options.limit) list.chosen.resize(options.limit);
  // A few chosen (a stage, a segment, a limit): their rows by id; most of the store: one scan.
  const bool by_id = list.chosen.size() * 4 <= all.size();
  std::unordered_map<std::string, Customer> stored;
  if (!by_id) {
    ASSIGN_OR_RETURN(stored, StoredCustomersById(*store));
  }
  for (size_t i : list.chosen) {
    std::optional<Customer> row;
    if (by_id) {
      ASSIGN_OR_RETURN(row, store->GetCustomer(all[i].id));
    } else if (const auto it = stored.find(all[i].id); it != stored.end()) {
      row = std::move(it->second);
    }
    if (row) {
      list.contacts.push_back(std::move(*row));
    } else {
      list.contacts.emplace_back().id = all[i].id;
    }
  }
  return list;
}

nlohmann::ordered_json CustomerListRow(const customers::CustomerInsight& insight,
                                       const Customer& who) {
  nlohmann::ordered_json row = customers::InsightJson(insight);
  row["email"] = who.email;
  row["first_name"] = who.first_name;
  row["last_name"] = who.last_name;
  row["shopify_id"] = who.shopify_id;
  return row;
}

std::string CustomerListCsv(const CustomerList& list) {
  std::vector<nlohmann::ordered_json> rows;
  for (size_t n = 0; n < list.chosen.size(); ++n) {
    rows.push_back(CustomerListRow(list.insights->customers[list.chosen[n]], list.contacts[n]));
    if (!list.currency.empty()) rows.back()["currency"] = list.currency;
  }
  CsvLayout layout{{"total_spend", "expected_spend", "clv"},
                   {"p_alive", "lapse_risk"},
                   CustomerListRow(customers::CustomerInsight{}, Customer{})};
  if (!list.currency.empty()) layout.empty_header_row["currency"] = nullptr;
  return RowsAsCsv(rows, layout);
}

Result<EspLayout> ParseEspLayout(std::string_view name) {
  if (name == "klaviyo") return EspLayout::kKlaviyo;
  if (name == "mailchimp") return EspLayout::kMailchimp;
  return InvalidArgument("unknown ESP layout '" + std::string(name) +
                         "': expected klaviyo or mailchimp");
}

std::vector<std::string> EspColumns(EspLayout layout, int recommendations) {
  std::vector<std::string> columns = {layout == EspLayout::kMailchimp ? "Email Address" : "Email",
                                      "First Name",
                                      "Last Name",
                                      "segment",
                                      "clv",
                                      "p_alive",
                                      "next_order_date",
                                      "winback_start",
                                      "churn_probability",
                                      "aov",
                                      "order_count",
                                      "last_order_date",
                                      "stage"};
  for (int n = 1; n <= recommendations; ++n) {
    const std::string rec = "rec_" + std::to_string(n);
    for (const char* field : {"_title", "_url", "_image", "_price"}) columns.push_back(rec + field);
  }
  return columns;
}

Result<EspExport> ExportEsp(const EspExportOptions& options) {
  if (options.recommendations < 0 || options.recommendations > kMaxEspRecommendations) {
    return InvalidArgument("recommendations: expected 0 to " +
                           std::to_string(kMaxEspRecommendations) + ", got " +
                           std::to_string(options.recommendations));
  }
  ASSIGN_OR_RETURN(CustomerData data, LoadCustomerData(options.db));
  ASSIGN_OR_RETURN(privacy::ConsentLedger ledger,
                   privacy::LoadConsentLedger(*data.store, options.policy));
  ASSIGN_OR_RETURN(customers::CustomerInsights insights,
                   ComputeCustomerInsights(options.insight, data));
  ASSIGN_OR_RETURN(const auto contacts, StoredCustomersById(*data.store));
  EspExport out;
  ASSIGN_OR_RETURN(out.currency, StoreCurrency(*data.store, options.currency));
  std::vector<std::string> ids;
  const std::vector<std::string> columns = EspColumns(options.layout, options.recommendations);
  for (const customers::CustomerInsight& c : insights.customers) {
    if (!options.selection.Keeps(c, insights.as_of)) continue;
    ++out.selected;
    if (!ledger.Allows(c.id, privacy::Purpose::kEmailMarketing)) {
      ++out.no_consent;
      continue;
    }
    const auto it = contacts.find(c.id);
    if (it == contacts.end() || it->second.email.empty()) {
      ++out.no_email;
      continue;
    }
    ids.push_back(c.id);
    auto day = [](const std::optional<Timestamp>& ts) { return ts ? Day(*ts) : std::string(); };
    nlohmann::ordered_json row;
    row[columns[0]] = it->second.email;
    row["First Name"] = it->second.first_name;
    row["Last Name"] = it->second.last_name;
    row["segment"] = customers::RfmSegmentName(c.rfm.segment);
    row["clv"] = c.clv;
    row["p_alive"] = c.p_alive;
    row["next_order_date"] = day(c.next_order_date);
    row["winback_start"] = day(c.winback_start);
    row["churn_probability"] = c.lapse_risk;
    row["aov"] = c.purchases > 0 ? nlohmann::ordered_json(RoundToCents(c.total_spend / c.purchases))
                                 : nlohmann::ordered_json(nullptr);
    row["order_count"] = c.purchases;
    row["last_order_date"] = c.purchases > 0 ? Day(c.last_purchase) : std::string();
    row["stage"] = customers::LifecycleStageName(c.stage);
    for (size_t k = 13; k < columns.size(); ++k) row[columns[k]] = nullptr;
    if (!out.currency.empty()) row["currency"] = out.currency;  // after every other column
    out.rows.push_back(std::move(row));
  }
  if (options.recommendations == 0 || ids.empty()) return out;
  ServingOptions serving;
  serving.db = options.db;
  serving.artifacts = options.artifacts;
  serving.k = options.recommendations;
  serving.shop_url = options.shop_url;
  serving.currency = out.currency;
  Result<std::vector<serving::RecommendationList>> lists = RecommendForCustomers(serving, ids);
  if (lists.status().code() == StatusCode::kFailedPrecondition) {
    out.recommendations_skipped = lists.status().message();  // it says what to run
    return out;
  }
  if (!lists.ok()) return lists.status();
  for (size_t r = 0; r < out.rows.size(); ++r) {
    const std::vector<serving::Recommendation>& items = (*lists)[r].items;
    for (size_t n = 0; n < items.size() && n < static_cast<size_t>(options.recommendations); ++n) {
      const std::string rec = "rec_" + std::to_string(n + 1);
      out.rows[r][rec + "_title"] = items[n].title;
      out.rows[r][rec + "_url"] = items[n].url;
      out.rows[r][rec + "_image"] = items[n].image_url;
      if (items[n].price) out.rows[r][rec + "_price"] = RoundToCents(*items[n].price);
    }
  }
  return out;
}

}  // namespace mercato::app
