// Tiny hand-made stores for the inventory tests.
#include "inventory/store_test_util.h"

namespace mercato::inventory::testing {

namespace {
Timestamp At(int64_t day, int64_t hour) { return (kDay0 + day) * kSecondsPerDay + hour * 3600; }
}  // namespace

Status StoreBuilder::AddProduct(const std::string& sku, double cost) {
  Product p;
  p.sku = sku;
  p.title = sku;
  p.cost = cost;
  p.price = 2 * cost;
  return store_.Put(&p);
}

Status StoreBuilder::AddSupplier(const std::string& id, double lead_time_days, int64_t moq,
                                 int64_t case_pack) {
  Supplier s;
  s.id = id;
  s.name = id;
  s.lead_time_days = lead_time_days;
  s.min_order_quantity = moq;
  s.case_pack = case_pack;
  return store_.Put(&s);
}

Status StoreBuilder::AddDailySales(const std::string& sku, int64_t from, int64_t to,
                                   int64_t units) {
  for (int64_t d = from; d < to; ++d) {
    Order o;
    o.id = "O" + std::to_string(++next_order_);
    o.ts = At(d, 12);
    RETURN_IF_ERROR(store_.Put(&o));
    OrderLine line;
    line.order_id = o.id;
    line.line_no = 1;
    line.sku = sku;
    line.quantity = units;
    RETURN_IF_ERROR(store_.Put(&line));
  }
  return Status::Ok();
}

Status StoreBuilder::AddLevel(const std::string& sku, int64_t day, int64_t on_hand,
                              std::optional<int64_t> on_order) {
  InventoryLevel l;
  l.sku = sku;
  l.location = "WH1";
  l.ts = At(day + 1, 0) - 1;
  l.on_hand = on_hand;
  l.on_order = on_order;
  return store_.Put(&l);
}

Status StoreBuilder::AddPurchaseOrder(const std::string& sku, const std::string& supplier,
                                      int64_t ordered_day, std::optional<int64_t> received_day,
                                      int64_t quantity) {
  PurchaseOrder po;
  po.id = "PO" + std::to_string(++next_po_);
  po.sku = sku;
  po.supplier_id = supplier;
  po.location = "WH1";
  po.quantity = quantity;
  po.ordered_at = At(ordered_day, 18);
  if (received_day) {
    po.received_at = At(*received_day, 18);
    po.received_quantity = quantity;
  }
  return store_.Put(&po);
}

}  // namespace mercato::inventory::testing
