// POST /v1/events: batches of live events from the API's clients, validated whole and written
// insert-only: a client's event id is stored in the namespace of the key that sent it
// ("<key id>:<id>"), so it never names an imported event, and an id already stored is an
// idempotent duplicate that changes nothing. The batch is committed before the answer (an
// acknowledged event survives a crash of the process; see EventWriter), then the events it
// wrote are applied to the live state.
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

#include "domain/entity_json.h"
#include "domain/event_id.h"
#include "server/event_writer.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

constexpr size_t kMaxBatch = 10000;

// The events of a body: {"events": [...]}, a bare array, or one event object. An event without
// a time happened `now`; a client's id goes into `source`'s namespace, and an event without an
// id gets the one derived from its fields (the same event sent twice is stored once).
Result<std::vector<Event>> EventsOf(nlohmann::json& body, Timestamp now, std::string_view source) {
  nlohmann::json* list = &body;
  if (body.is_object() && body.contains("events")) list = &body["events"];
  std::vector<Event> events;
  auto add = [&](nlohmann::json& item, size_t index) -> Status {
    if (item.is_object() && !item.contains("ts")) item["ts"] = now;
    auto e = EntityFromJson<Event>(item);
    if (!e.ok()) {
      return InvalidArgument("events[" + std::to_string(index) + "]: " + e.status().message());
    }
    if (e->session_id.empty() && e->customer_id.empty()) {
      return InvalidArgument("events[" + std::to_string(index) +
                             "]: needs a session_id or a customer_id");
    }
    if (e->id.empty()) {
      e->id = DerivedEventId(*e);
    } else {
      e->id.insert(0, std::string(source) + ":");
    }
    events.push_back(std::move(e).value());
    return Status::Ok();
  };
  if (list->is_array()) {
    if (list->size() > kMaxBatch) {
      return InvalidArgument("at most " + std::to_string(kMaxBatch) + " events per request");
    }
    events.reserve(list->size());
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
  auto writer = std::make_shared<EventWriter>(ctx);
  router.Add("POST", "/v1/events", Access::kStorefront, [&ctx, writer](const ApiRequest& r) {
    auto body = ParseJsonBody(r);
    if (!body.ok()) return ErrorResponse(body.status());
    const Timestamp now = std::time(nullptr);
    auto events = EventsOf(*body, now, r.Header("x-mercato-key-id"));
    if (!events.ok()) return ErrorResponse(events.status());
    auto outcomes = writer->Write(*events);
    if (!outcomes.ok()) return ErrorResponse(outcomes.status());
    Timestamp newest = 0;
    int64_t duplicates = 0;
    for (size_t i = 0; i < events->size(); ++i) {
      const Event& e = (*events)[i];
      if ((*outcomes)[i] == Store::EventWrite::kDuplicate) ++duplicates;
      if ((*outcomes)[i] != Store::EventWrite::kWritten) continue;
      ctx.live().Record(e);
      newest = std::max(newest, e.ts);
    }
    ctx.events_ingested.fetch_add(static_cast<int64_t>(events->size()));
    int64_t seen = ctx.last_event_ts.load();
    while (newest > seen && !ctx.last_event_ts.compare_exchange_weak(seen, newest)) {
    }
    ctx.last_ingest_time.store(now);
    return JsonResponse(202, {{"accepted", events->size()}, {"duplicates", duplicates}});
  });
}

}  // namespace mercato::server
