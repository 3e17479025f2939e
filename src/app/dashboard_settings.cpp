// The store's part of the dashboard's settings page.
#include "app/dashboard_settings.h"

#include <filesystem>

#include "app/json_values.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

nlohmann::ordered_json DayOrNull(std::optional<Timestamp> ts) {
  return ts ? nlohmann::ordered_json(FormatDay(DayOf(*ts))) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json DefaultsJson(const std::array<privacy::Default, privacy::kPurposeCount>& d) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (size_t p = 0; p < privacy::kPurposeCount; ++p) {
    out[std::string(privacy::PurposeName(static_cast<privacy::Purpose>(p)))] =
        d[p] == privacy::Default::kOptIn ? "opt_in" : "opt_out";
  }
  return out;
}

}  // namespace

Result<StoreFacts> ReadStoreFacts(const std::string& db) {
  if (!std::filesystem::exists(db)) return NotFound(db + ": no such store");
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  StoreFacts f;
  ASSIGN_OR_RETURN(f.customers, store->Count(EntityKind::kCustomer));
  ASSIGN_OR_RETURN(f.orders, store->Count(EntityKind::kOrder));
  ASSIGN_OR_RETURN(f.products, store->Count(EntityKind::kProduct));
  ASSIGN_OR_RETURN(f.events, store->Count(EntityKind::kEvent));
  ASSIGN_OR_RETURN(const std::optional<TimeSpan> orders, store->TimeSpanOf(EntityKind::kOrder));
  if (orders) {
    f.first_order = orders->first;
    f.last_order = orders->last;
  }
  ASSIGN_OR_RETURN(const std::optional<TimeSpan> events, store->TimeSpanOf(EntityKind::kEvent));
  if (events) f.last_event = events->last;
  ASSIGN_OR_RETURN(f.keys, store->ListApiKeys());
  return f;
}

nlohmann::ordered_json StoreFactsJson(const StoreFacts& f) {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (const ApiKeyRecord& k : f.keys) {
    keys.push_back({{"id", k.id},
                    {"name", k.name},
                    {"scope", KeyScopeName(k.scope)},
                    {"created_at", FormatTimestamp(k.created_at)},
                    {"revoked", k.revoked_at.has_value()}});
  }
  return {
      {"store",
       {{"customers", f.customers},
        {"orders", f.orders},
        {"products", f.products},
        {"events", f.events},
        {"first_order", DayOrNull(f.first_order)},
        {"last_order", DayOrNull(f.last_order)}}},
      {"freshness",
       {{"last_order_at", TimeOrNull(f.last_order)}, {"last_event_at", TimeOrNull(f.last_event)}}},
      {"keys", std::move(keys)}};
}

nlohmann::ordered_json ConsentPolicyJson(const privacy::ConsentPolicy& policy) {
  nlohmann::ordered_json jurisdictions = nlohmann::ordered_json::array();
  for (const privacy::Jurisdiction& j : policy.jurisdictions) {
    jurisdictions.push_back(
        {{"name", j.name}, {"countries", j.countries}, {"defaults", DefaultsJson(j.defaults)}});
  }
  return {{"jurisdictions", std::move(jurisdictions)},
          {"unknown_country", DefaultsJson(policy.unknown_country)},
          {"elsewhere", DefaultsJson(policy.elsewhere)}};
}

}  // namespace mercato::app
