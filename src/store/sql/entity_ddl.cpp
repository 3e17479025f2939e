// The entity tables' layouts and the DDL generated from them and the entity descriptors.
#include "store/sql/entity_ddl.h"

#include <algorithm>
#include <array>

namespace mercato {
namespace {

using Index = EntityTableLayout::Index;

// In EntityKind order.
const std::array<EntityTableLayout, kEntityKindCount>& Layouts() {
  static const std::array<EntityTableLayout, kEntityKindCount> layouts{{
      {false, "", "", {}},  // products
      {false,
       "",
       "",
       {{"customers_email", {"email"}}, {"customers_shopify_id", {"shopify_id"}}}},  // customers
      {true, "", "", {}},                                                            // consents
      {true,
       "",
       "",
       {{"orders_customer_ts", {"customer_id", "ts"}},
        {"orders_ts", {"ts"}},
        {"orders_shopify_id", {"shopify_id"}}}},
      {true, "order_id", "orders", {}},  // order_lines
      {false,
       "",
       "",
       {{"returns_customer", {"customer_id"}},
        {"returns_sku", {"sku"}},
        {"returns_order", {"order_id"}}}},
      {false,
       "",
       "",
       {{"events_customer_ts", {"customer_id", "ts"}},
        {"events_ts", {"ts"}},
        {"events_type_ts", {"type", "ts"}}}},
      {false, "", "", {{"carts_customer", {"customer_id"}}, {"carts_started", {"started_at"}}}},
      {true, "cart_id", "carts", {}},  // cart_items
      {true, "", "", {}},              // inventory
      {false, "", "", {}},             // suppliers
      {true,
       "",
       "",
       {{"purchase_orders_sku", {"sku", "ordered_at"}},
        {"purchase_orders_supplier", {"supplier_id", "ordered_at"}}}},
      {true, "", "", {}},  // competitor_prices
      {false, "", "", {{"signals_subject", {"subject_kind", "subject", "ts"}}}},  // signals
      {false, "", "", {{"promotions_sku", {"sku", "start"}}}},                    // promotions
  }};
  return layouts;
}

std::string QuotedList(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + QuoteIdentifier(n);
  return out;
}

// The key of the entity named `table` (a parent's key, for a reference).
std::vector<std::string_view> KeyOf(std::string_view table) {
  std::vector<std::string_view> key;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (EntityTraits<T>::kName == table) key = EntityTraits<T>::Keys();
  });
  return key;
}

template <class T>
std::string TableDdl(const SqlDialect& dialect) {
  const EntityTableLayout& layout = TableLayout(EntityTraits<T>::kKind);
  const auto& keys = EntityTraits<T>::Keys();
  const std::string table = QuoteIdentifier(EntityTraits<T>::kName);
  std::string sql = "CREATE TABLE " + table + " (";
  bool first = true;
  for (const auto& f : EntityTraits<T>::Fields()) {
    sql += first ? "\n  " : ",\n  ";
    first = false;
    sql += QuoteIdentifier(f.name) + " " + std::string(dialect.ColumnType(f.type));
    if (std::find(keys.begin(), keys.end(), f.name) != keys.end()) sql += " NOT NULL";
    if (keys.size() == 1 && keys[0] == f.name) sql += " PRIMARY KEY";
    if (f.name == layout.parent_column) {
      sql += " REFERENCES " + QuoteIdentifier(layout.parent_table) + "(" +
             QuotedList(KeyOf(layout.parent_table)) + ") ON DELETE CASCADE";
    }
  }
  if (keys.size() > 1) sql += ",\n  PRIMARY KEY (" + QuotedList(keys) + ")";
  sql += ")";
  if (layout.key_ordered) sql += dialect.key_ordered_suffix;
  sql += ";\n";
  for (const Index& index : layout.indexes) {
    sql += "CREATE INDEX " + QuoteIdentifier(index.name) + " ON " + table + " (" +
           QuotedList(index.columns) + ");\n";
  }
  return sql;
}

}  // namespace

const EntityTableLayout& TableLayout(EntityKind kind) {
  return Layouts()[static_cast<size_t>(kind)];
}

std::string EntityTableDdl(const SqlDialect& dialect, EntityKind kind) {
  std::string sql;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (EntityTraits<T>::kKind == kind) sql = TableDdl<T>(dialect);
  });
  return sql;
}

std::string EntityTablesDdl(const SqlDialect& dialect) {
  std::string sql;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    sql += TableDdl<T>(dialect);
  });
  return sql;
}

}  // namespace mercato
