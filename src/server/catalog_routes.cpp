// Upserts: POST /v1/products, /v1/customers and /v1/orders take batches of entities in the
// generic import format's field names; a batch is validated whole and stored in one transaction.
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "domain/entity_json.h"
#include "server/routes.h"

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

template <class T>
ApiResponse Upsert(ServerContext& ctx, const ApiRequest& r, const std::string& key,
                   const std::function<void(const T&)>& after) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  auto list = BatchOf(*body, key);
  if (!list.ok()) return ErrorResponse(list.status());
  auto entities = ReadBatch<T>(**list, key);
  if (!entities.ok()) return ErrorResponse(entities.status());
  const Status s = ctx.InTransaction([&](Store& store) -> Status {
    for (const T& e : *entities) RETURN_IF_ERROR(store.Put(&e));
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(s);
  for (const T& e : *entities) after(e);
  return JsonResponse(200, {{"upserted", entities->size()}});
}

// Orders carry their lines under "lines"; line numbers default to the position.
ApiResponse UpsertOrders(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  auto list = BatchOf(*body, "orders");
  if (!list.ok()) return ErrorResponse(list.status());
  std::vector<Order> orders;
  std::vector<OrderLine> lines;
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
  const Status s = ctx.InTransaction([&](Store& store) -> Status {
    for (const Order& o : orders) RETURN_IF_ERROR(store.Put(&o));
    for (const OrderLine& l : lines) RETURN_IF_ERROR(store.Put(&l));
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(s);
  ctx.live().RecordOrders(orders, lines);  // for "exclude purchased" until retrained
  return JsonResponse(200, {{"upserted", orders.size()}, {"lines", lines.size()}});
}

}  // namespace

void AddCatalogRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/products", Access::kAdmin, [&ctx](const ApiRequest& r) {
    return Upsert<Product>(ctx, r, "products", [](const Product&) {});
  });
  router.Add("POST", "/v1/customers", Access::kAdmin, [&ctx](const ApiRequest& r) {
    return Upsert<Customer>(ctx, r, "customers", [&ctx](const Customer& c) {
      if (!c.country.empty()) ctx.consent().SetCountry(c.id, c.country);
    });
  });
  router.Add("POST", "/v1/orders", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return UpsertOrders(ctx, r); });
}

}  // namespace mercato::server
