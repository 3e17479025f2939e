// POST /v1/events: batches of live events, validated whole, stored in one transaction before
// the answer (an acknowledged event survives a crash), then applied to the live state.
#include <ctime>
#include <nlohmann/json.hpp>

#include "domain/entity_json.h"
#include "domain/event_id.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

constexpr size_t kMaxBatch = 10000;

// The events of a body: {"events": [...]}, a bare array, or one event object.
Result<std::vector<Event>> EventsOf(const nlohmann::json& body, Timestamp now) {
  const nlohmann::json* list = &body;
  if (body.is_object() && body.contains("events")) list = &body["events"];
  std::vector<Event> events;
  auto add = [&](const nlohmann::json& item, size_t index) -> Status {
    nlohmann::json copy = item;
    if (copy.is_object() && !copy.contains("ts")) copy["ts"] = now;
    auto e = EntityFromJson<Event>(copy);
    if (!e.ok()) {
      return InvalidArgument("events[" + std::to_string(index) + "]: " + e.status().message());
    }
    if (e->session_id.empty() && e->customer_id.empty()) {
      return InvalidArgument("events[" + std::to_string(index) +
                             "]: needs a session_id or a customer_id");
    }
    if (e->id.empty()) e->id = DerivedEventId(*e);
    events.push_back(std::move(e).value());
    return Status::Ok();
  };
  if (list->is_array()) {
    if (list->size() > kMaxBatch) {
      return InvalidArgument("at most " + std::to_string(kMaxBatch) + " events per request");
    }
    for (size_t i = 0; i < list->size(); ++i) RETURN_IF_ERROR(add((*list)[i], i));
  } else if (list->is_object()) {
    RETURN_IF_ERROR(add(*list, 0));
  } else {
    return InvalidArgument(
        "expected {\"events\": [{\"type\": \"view\", \"session_id\": ..., "
        "\"sku\": ..., \"ts\": ...}, ...]}");
  }
  if (events.empty()) return InvalidArgument("the batch holds no event");
  return events;
}

}  // namespace

void AddEventRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/events", Access::kStorefront, [&ctx](const ApiRequest& r) {
    auto body = ParseJsonBody(r);
    if (!body.ok()) return ErrorResponse(body.status());
    const Timestamp now = std::time(nullptr);
    auto events = EventsOf(*body, now);
    if (!events.ok()) return ErrorResponse(events.status());
    const Status stored = ctx.InTransaction([&](Store& store) -> Status {
      for (const Event& e : *events) RETURN_IF_ERROR(store.Put(&e));
      return Status::Ok();
    });
    if (!stored.ok()) return ErrorResponse(stored);
    Timestamp newest = 0;
    for (const Event& e : *events) {
      ctx.live().Record(e);
      newest = std::max(newest, e.ts);
    }
    ctx.events_ingested.fetch_add(static_cast<int64_t>(events->size()));
    int64_t seen = ctx.last_event_ts.load();
    while (newest > seen && !ctx.last_event_ts.compare_exchange_weak(seen, newest)) {
    }
    ctx.last_ingest_time.store(now);
    return JsonResponse(202, {{"accepted", events->size()}});
  });
}

}  // namespace mercato::server
