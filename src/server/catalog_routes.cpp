// Upserts: POST /v1/products, /v1/customers and /v1/orders take batches of entities in the
// generic import format's field names; a batch is validated whole (field types here, value rules
// in app::PutBatch) and stored in one transaction, and the answer says what an erased customer
// kept from being stored.
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "app/upsert_actions.h"
#include "domain/entity_json.h"
#include "server/routes.h"
#include "server/upsert_report_json.h"

namespace mercato::server {
namespace {

constexpr size_t kMaxBatch = 10000;

// The array under `key` in {"<key>": [...]} (or a bare array).
Result<const nlohmann::json*> BatchOf(const nlohmann::json& body, const std::string& key) {
  const nlohmann::json* list = &body;
  if (body.is_object() && body.contains(key)) list = &body[key];
  if (!list->is_array()) {
    return InvalidArgument("expected {\"" + key +
                           "\": [{...}, ...]} with the field names of "
                           "`mercato formats`");
  }
  if (list->empty()) return InvalidArgument(key + ": the batch is empty");
  if (list->size() > kMaxBatch) {
    return InvalidArgument(key + ": at most " + std::to_string(kMaxBatch) + " per request");
  }
  return list;
}

// Entities of one kind, with the index of each in the batch for error messages.
template <class T>
Result<std::vector<T>> ReadBatch(const nlohmann::json& list, const std::string& key) {
  std::vector<T> out;
  for (size_t i = 0; i < list.size(); ++i) {
    auto e = EntityFromJson<T>(list[i]);
    if (!e.ok()) {
      return InvalidArgument(key + "[" + std::to_string(i) + "]: " + e.status().message());
    }
    out.push_back(std::move(e).value());
  }
  return out;
}

// Writes `batch` in one transaction (app::PutBatch): what was stored, withheld, anonymized.
Result<app::UpsertReport> PutInOneTransaction(ServerContext& ctx, const app::UpsertBatch& batch) {
  app::UpsertReport report;
  RETURN_IF_ERROR(ctx.InTransaction([&](Store& store) -> Status {
    ASSIGN_OR_RETURN(report, app::PutBatch(store, batch));
    return Status::Ok();
  }));
  return report;
}

// Reads the entities under `key` into `slot` of a batch and stores them.
template <class T>
Result<app::UpsertReport> ReadAndPut(ServerContext& ctx, const ApiRequest& r,
                                     const std::string& key,
                                     std::vector<T> app::UpsertBatch::*slot) {
  ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(r));
  ASSIGN_OR_RETURN(const nlohmann::json* list, BatchOf(body, key));
  app::UpsertBatch batch;
  ASSIGN_OR_RETURN(batch.*slot, ReadBatch<T>(*list, key));
  return PutInOneTransaction(ctx, batch);
}

ApiResponse UpsertProducts(ServerContext& ctx, const ApiRequest& r) {
  auto report = ReadAndPut(ctx, r, "products", &app::UpsertBatch::products);
  if (!report.ok()) return ErrorResponse(report.status());
  return JsonResponse(200, {{"upserted", report->stored.products.size()}});
}

ApiResponse UpsertCustomers(ServerContext& ctx, const ApiRequest& r) {
  auto report = ReadAndPut(ctx, r, "customers", &app::UpsertBatch::customers);
  if (!report.ok()) return ErrorResponse(report.status());
  for (const Customer& c : report->stored.customers) {
    if (!c.country.empty()) ctx.consent().SetCountry(c.id, c.country);
  }
  nlohmann::json answer = {{"upserted", report->stored.customers.size()}};
  AddErasedCustomerReport(*report, answer);
  return JsonResponse(200, answer);
}

// Orders carry their lines under "lines"; line numbers default to the position.
ApiResponse UpsertOrders(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  auto list = BatchOf(*body, "orders");
  if (!list.ok()) return ErrorResponse(list.status());
  app::UpsertBatch batch;
  std::vector<Order>& orders = batch.orders;
  std::vector<OrderLine>& lines = batch.order_lines;
  for (size_t i = 0; i < (*list)->size(); ++i) {
    nlohmann::json order = (**list)[i];
    const std::string where = "orders[" + std::to_string(i) + "]";
    nlohmann::json order_lines = nlohmann::json::array();
    if (order.is_object() && order.contains("lines")) {
      order_lines = order["lines"];
      order.erase("lines");
      if (!order_lines.is_array()) {
        return ErrorResponse(InvalidArgument(where + ".lines: expected an array"));
      }
    }
    auto o = EntityFromJson<Order>(order);
    if (!o.ok()) return ErrorResponse(InvalidArgument(where + ": " + o.status().message()));
    for (size_t j = 0; j < order_lines.size(); ++j) {
      nlohmann::json line = order_lines[j];
      if (line.is_object()) {
        line["order_id"] = o->id;
        if (!line.contains("line_no")) line["line_no"] = j + 1;
      }
      auto l = EntityFromJson<OrderLine>(line);
      if (!l.ok()) {
        return ErrorResponse(
            InvalidArgument(where + ".lines[" + std::to_string(j) + "]: " + l.status().message()));
      }
      lines.push_back(std::move(l).value());
    }
    orders.push_back(std::move(o).value());
  }
  auto report = PutInOneTransaction(ctx, batch);
  if (!report.ok()) return ErrorResponse(report.status());
  // For "exclude purchased" until retrained; an erased customer's orders are stored without them.
  ctx.live().RecordOrders(report->stored.orders, report->stored.order_lines);
  nlohmann::json answer = {{"upserted", report->stored.orders.size()},
                           {"lines", report->stored.order_lines.size()}};
  AddErasedCustomerReport(*report, answer);
  return JsonResponse(200, answer);
}

}  // namespace

void AddCatalogRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/products", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return UpsertProducts(ctx, r); });
  router.Add("POST", "/v1/customers", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return UpsertCustomers(ctx, r); });
  router.Add("POST", "/v1/orders", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return UpsertOrders(ctx, r); });
}

}  // namespace mercato::server
