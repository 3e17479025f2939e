// Field descriptors of every entity: the single source of truth for the store's columns, the
// generic CSV/JSONL import format, CSV export and the format documentation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"

namespace mercato {

enum class FieldType { kText, kInt, kReal, kTime, kBool };

template <class T>
using MemberPtr = std::variant<std::string T::*, int64_t T::*, std::optional<int64_t> T::*,
                               double T::*, std::optional<double> T::*, bool T::*>;

template <class T>
struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required;  // must be present and non-empty in an import
  MemberPtr<T> member;
  std::string_view doc;
};

enum class EntityKind {
  kProduct,
  kCustomer,
  kConsent,
  kOrder,
  kOrderLine,
  kReturn,
  kEvent,
  kCart,
  kCartItem,
  kInventoryLevel,
  kSupplier,
  kPurchaseOrder,
  kCompetitorPrice,
  kSignal,
  kPromotion,
};
constexpr size_t kEntityKindCount = 15;

/// Per-entity facts: kind, name (table, generic file stem, JSON key), key fields and fields.
template <class T>
struct EntityTraits;

#define MERCATO_ENTITY_TRAITS(Type, Kind, Name, Doc)      \
  template <>                                             \
  struct EntityTraits<Type> {                             \
    static constexpr EntityKind kKind = EntityKind::Kind; \
    static constexpr std::string_view kName = Name;       \
    static constexpr std::string_view kDoc = Doc;         \
    static const std::vector<std::string_view>& Keys();   \
    static const std::vector<FieldSpec<Type>>& Fields();  \
  };

MERCATO_ENTITY_TRAITS(Product, kProduct, "products", "Catalog: one row per SKU (variant).")
MERCATO_ENTITY_TRAITS(Customer, kCustomer, "customers", "Customers.")
MERCATO_ENTITY_TRAITS(Consent, kConsent, "consents",
                      "Consent ledger: each grant or revocation, per customer and purpose.")
MERCATO_ENTITY_TRAITS(Order, kOrder, "orders", "Orders (header).")
MERCATO_ENTITY_TRAITS(OrderLine, kOrderLine, "order_lines", "Order lines.")
MERCATO_ENTITY_TRAITS(Return, kReturn, "returns", "Returns and refunds.")
MERCATO_ENTITY_TRAITS(Event, kEvent, "events", "Browsing, cart and messaging events.")
MERCATO_ENTITY_TRAITS(Cart, kCart, "carts", "Carts and checkouts.")
MERCATO_ENTITY_TRAITS(CartItem, kCartItem, "cart_items", "Items of a cart.")
MERCATO_ENTITY_TRAITS(InventoryLevel, kInventoryLevel, "inventory",
                      "Inventory snapshots per SKU and location.")
MERCATO_ENTITY_TRAITS(Supplier, kSupplier, "suppliers", "Suppliers.")
MERCATO_ENTITY_TRAITS(PurchaseOrder, kPurchaseOrder, "purchase_orders",
                      "Purchase orders to suppliers, one row per PO line.")
MERCATO_ENTITY_TRAITS(CompetitorPrice, kCompetitorPrice, "competitor_prices",
                      "Observed competitor prices.")
MERCATO_ENTITY_TRAITS(Signal, kSignal, "signals", "External signals about suppliers or regions.")
MERCATO_ENTITY_TRAITS(Promotion, kPromotion, "promotions", "Promotions and price changes.")
#undef MERCATO_ENTITY_TRAITS

template <class... Ts>
struct TypeList {};
/// Every entity type, in dependency order (parents before children).
using AllEntities =
    TypeList<Product, Customer, Consent, Order, OrderLine, Return, Event, Cart, CartItem,
             InventoryLevel, Supplier, PurchaseOrder, CompetitorPrice, Signal, Promotion>;

template <class T>
struct TypeTag {
  using type = T;
};

template <class Fn, class... Ts>
void ForEachTypeIn(TypeList<Ts...>, Fn&& fn) {
  (fn(TypeTag<Ts>{}), ...);
}
/// Calls fn(TypeTag<T>{}) for every entity type T, in dependency order.
template <class Fn>
void ForEachEntityType(Fn&& fn) {
  ForEachTypeIn(AllEntities{}, fn);
}

/// A borrowed reference to any entity.
using EntityRef =
    std::variant<const Product*, const Customer*, const Consent*, const Order*, const OrderLine*,
                 const Return*, const Event*, const Cart*, const CartItem*, const InventoryLevel*,
                 const Supplier*, const PurchaseOrder*, const CompetitorPrice*, const Signal*,
                 const Promotion*>;

/// Entity names in dependency order ("products", "customers", ...).
const std::array<std::string_view, kEntityKindCount>& EntityNames();
std::string_view EntityName(EntityKind kind);

/// Sets one field from its text form. Empty text clears an optional field; for a required field
/// it is an error. Errors say what was expected.
template <class T>
Status SetFieldFromText(const FieldSpec<T>& field, T& entity, std::string_view text);
/// Text form of one field (times as 2024-01-31T13:45:07Z, empty when unset).
template <class T>
std::string FieldToText(const FieldSpec<T>& field, const T& entity);
/// Checks that every required field of `entity` is set; names the first one missing.
template <class T>
Status CheckRequired(const T& entity);

}  // namespace mercato

#include "domain/entity_schema_impl.h"
