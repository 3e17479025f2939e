// Building and (de)serializing the serving index.
#include "recommend_serving/serving_index.h"

#include <algorithm>

#include "recommend/bytes.h"

namespace mercato::serving {
namespace {

using recommend::ByteReader;
using recommend::ByteWriter;

void PutKeys(ByteWriter& w, const IdIndex& index) {
  std::vector<char> chars;
  std::vector<uint32_t> lengths;
  for (int32_t i = 0; i < index.size(); ++i) {
    const std::string& key = index.Key(i);
    chars.insert(chars.end(), key.begin(), key.end());
    lengths.push_back(static_cast<uint32_t>(key.size()));
  }
  w.PutVector(lengths);
  w.PutVector(chars);
}

Status GetKeys(ByteReader& r, IdIndex& index) {
  std::vector<uint32_t> lengths;
  std::vector<char> chars;
  RETURN_IF_ERROR(r.GetVector(lengths));
  RETURN_IF_ERROR(r.GetVector(chars));
  size_t at = 0;
  for (uint32_t n : lengths) {
    if (n > chars.size() - at) return InvalidArgument("serving index keys are corrupt");
    const int32_t before = index.size();
    if (index.Add(std::string_view(chars.data() + at, n)) != before) {
      return InvalidArgument("serving index has a duplicate key");
    }
    at += n;
  }
  if (at != chars.size()) return InvalidArgument("serving index keys are corrupt");
  return Status::Ok();
}

// Offsets must start at 0, never decrease and end at the entry count; entries must be ids < bound.
Status CheckRows(const std::vector<int64_t>& start, const std::vector<int32_t>& entries,
                 int32_t rows, int32_t bound) {
  if (start.size() != static_cast<size_t>(rows) + 1 || start.front() != 0 ||
      start.back() != static_cast<int64_t>(entries.size()) ||
      !std::is_sorted(start.begin(), start.end())) {
    return InvalidArgument("serving index rows are corrupt");
  }
  for (int32_t e : entries) {
    if (e < 0 || e >= bound) return InvalidArgument("serving index refers to an unknown item");
  }
  return Status::Ok();
}

}  // namespace

std::span<const int32_t> ServingIndex::PurchasesOf(int32_t customer) const {
  if (customer < 0 || customer >= customers.size()) return {};
  const auto c = static_cast<size_t>(customer);
  return {purchase_item.data() + purchase_start[c],
          static_cast<size_t>(purchase_start[c + 1] - purchase_start[c])};
}

std::span<const int32_t> ServingIndex::ItemsOf(int32_t order) const {
  if (order < 0 || order >= orders.size()) return {};
  const auto o = static_cast<size_t>(order);
  return {order_item.data() + order_start[o],
          static_cast<size_t>(order_start[o + 1] - order_start[o])};
}

ServingIndex BuildServingIndex(const Snapshot& s) {
  ServingIndex index;
  index.customers = s.customers;
  index.items = s.items;
  index.orders = s.orders;
  index.order_customer = s.order_customer;
  index.order_ts = s.order_ts;

  std::vector<std::vector<int32_t>> bought(static_cast<size_t>(s.customers.size()));
  std::vector<std::vector<int32_t>> in_order(static_cast<size_t>(s.orders.size()));
  for (size_t l = 0; l < s.lines.size(); ++l) {
    if (s.lines.customer[l] != IdIndex::kNone) {
      bought[static_cast<size_t>(s.lines.customer[l])].push_back(s.lines.item[l]);
    }
    auto& items = in_order[static_cast<size_t>(s.lines.order[l])];
    if (std::find(items.begin(), items.end(), s.lines.item[l]) == items.end()) {
      items.push_back(s.lines.item[l]);
    }
  }
  index.purchase_start.push_back(0);
  for (auto& items : bought) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    index.purchase_item.insert(index.purchase_item.end(), items.begin(), items.end());
    index.purchase_start.push_back(static_cast<int64_t>(index.purchase_item.size()));
  }
  index.order_start.push_back(0);
  for (const auto& items : in_order) {
    index.order_item.insert(index.order_item.end(), items.begin(), items.end());
    index.order_start.push_back(static_cast<int64_t>(index.order_item.size()));
  }
  return index;
}

void SerializeServingIndex(const ServingIndex& index, std::string& out) {
  ByteWriter w(out);
  PutKeys(w, index.customers);
  PutKeys(w, index.items);
  PutKeys(w, index.orders);
  w.PutVector(index.order_customer);
  w.PutVector(index.purchase_start);
  w.PutVector(index.purchase_item);
  w.PutVector(index.order_start);
  w.PutVector(index.order_item);
  w.PutVector(index.order_ts);  // last, so an index written without it still reads
}

Result<ServingIndex> DeserializeServingIndex(std::string_view bytes) {
  ServingIndex index;
  ByteReader r(bytes);
  RETURN_IF_ERROR(GetKeys(r, index.customers));
  RETURN_IF_ERROR(GetKeys(r, index.items));
  RETURN_IF_ERROR(GetKeys(r, index.orders));
  RETURN_IF_ERROR(r.GetVector(index.order_customer));
  RETURN_IF_ERROR(r.GetVector(index.purchase_start));
  RETURN_IF_ERROR(r.GetVector(index.purchase_item));
  RETURN_IF_ERROR(r.GetVector(index.order_start));
  RETURN_IF_ERROR(r.GetVector(index.order_item));
  if (!r.ExpectEnd().ok()) {
    RETURN_IF_ERROR(r.GetVector(index.order_ts));
    RETURN_IF_ERROR(r.ExpectEnd());
    if (index.order_ts.size() != static_cast<size_t>(index.orders.size())) {
      return InvalidArgument("serving index order times are corrupt");
    }
  }
  RETURN_IF_ERROR(CheckRows(index.purchase_start, index.purchase_item, index.customers.size(),
                            index.items.size()));
  RETURN_IF_ERROR(
      CheckRows(index.order_start, index.order_item, index.orders.size(), index.items.size()));
  if (index.order_customer.size() != static_cast<size_t>(index.orders.size())) {
    return InvalidArgument("serving index orders are corrupt");
  }
  for (int32_t c : index.order_customer) {
    if (c != IdIndex::kNone && (c < 0 || c >= index.customers.size())) {
      return InvalidArgument("serving index refers to an unknown customer");
    }
  }
  return index;
}

}  // namespace mercato::serving
