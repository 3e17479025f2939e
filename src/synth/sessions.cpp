// Writes session events and carts.
#include "synth/sessions.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "synth/recovery.h"

namespace mercato::synth {

namespace {

constexpr double kMinute = 1.0 / 1440.0;

double Dollars(int64_t cents) { return static_cast<double>(cents) / 100.0; }

struct Step {
  std::string_view type;
  std::optional<uint32_t> sku;
  std::string query;
  std::optional<double> value;
};

}  // namespace

SessionWriter::SessionWriter(const Catalog& catalog, const Clock& clock, const Shopper& shopper,
                             Sinks& sinks)
    : catalog_(&catalog), clock_(&clock), shopper_(&shopper), sinks_(&sinks) {}

std::string SessionWriter::NewSession() {
  char buf[32];
  std::snprintf(buf, sizeof buf, "S%09lld", static_cast<long long>(++sessions_));
  return buf;
}

int64_t SessionWriter::Day(double t) const {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor(t)), 0, clock_->days() - 1);
}

void SessionWriter::Emit(const std::string& session, uint32_t customer, double t,
                         std::string_view type, std::optional<uint32_t> sku, std::string query,
                         std::optional<double> value, std::string source) {
  Event e;
  char buf[32];
  std::snprintf(buf, sizeof buf, "E%010lld", static_cast<long long>(++events_));
  e.id = buf;
  e.session_id = session;
  e.customer_id = CustomerId(customer);
  e.ts = clock_->ToTimestamp(t);
  e.type = std::string(type);
  if (sku) e.sku = catalog_->skus[*sku].product.sku;
  e.query = std::move(query);
  e.value = value;
  e.source = std::move(source);
  sinks_->Write(e);
}

void SessionWriter::Purchase(uint32_t customer, const CustomerState& c, double t,
                             const std::vector<CartLine>& lines, const std::string& order_id,
                             int64_t total_cents, Rng& rng) {
  std::vector<Step> steps;
  if (rng.Bernoulli(0.35)) {
    steps.push_back({"search", std::nullopt, SearchQuery(catalog_->skus[lines[0].sku], rng), {}});
  }
  int64_t subtotal = 0;
  for (const CartLine& l : lines) {
    if (rng.Bernoulli(0.5)) {
      steps.push_back({"view", shopper_->DrawTasteSku(c, Day(t), rng), "", std::nullopt});
    }
    steps.push_back({"view", l.sku, "", std::nullopt});
    steps.push_back({"add_to_cart", l.sku, "", Dollars(l.unit_cents * l.qty)});
    subtotal += l.unit_cents * l.qty;
  }
  steps.push_back({"checkout_started", std::nullopt, "", Dollars(subtotal)});
  steps.push_back({"purchase", std::nullopt, "", Dollars(total_cents)});

  OpenCart cart;
  cart.session_id = NewSession();
  cart.customer = customer;
  cart.lines = lines;
  cart.value_cents = subtotal;
  const double t0 = std::max(0.0, t - rng.Uniform(3.0, 25.0) * kMinute);
  cart.started = -1;
  for (size_t i = 0; i < steps.size(); ++i) {
    const double ti =
        t0 + (t - t0) * static_cast<double>(i + 1) / static_cast<double>(steps.size());
    if (steps[i].type == "add_to_cart") {
      if (cart.started < 0) cart.started = ti;
      cart.updated = ti;
    }
    Emit(cart.session_id, customer, ti, steps[i].type, steps[i].sku, std::move(steps[i].query),
         steps[i].value, "");
  }
  CloseCart(cart, t, order_id);
}

void SessionWriter::Browse(uint32_t customer, const CustomerState& c, double t, Rng& rng) {
  const std::string session = NewSession();
  double ti = t;
  if (rng.Bernoulli(0.4)) {
    Emit(session, customer, ti, "search", std::nullopt,
         SearchQuery(catalog_->skus[shopper_->DrawTasteSku(c, Day(t), rng)], rng), std::nullopt,
         "");
  }
  const int64_t views = rng.Int(2, 5);
  for (int64_t v = 0; v < views; ++v) {
    ti += rng.Uniform(0.5, 3.0) * kMinute;
    Emit(session, customer, ti, "view", shopper_->DrawTasteSku(c, Day(t), rng), "", std::nullopt,
         "");
  }
}

OpenCart SessionWriter::Abandon(uint32_t customer, const CustomerState& c, double t,
                                const PriceBook& prices, Rng& rng) {
  OpenCart cart;
  cart.session_id = NewSession();
  cart.customer = customer;
  cart.started = t;
  double ti = t;
  const int64_t items = rng.Int(1, 3);
  for (int64_t i = 0; i < items; ++i) {
    const uint32_t sku = shopper_->DrawTasteSku(c, Day(t), rng);
    if (std::any_of(cart.lines.begin(), cart.lines.end(),
                    [&](const CartLine& l) { return l.sku == sku; })) {
      continue;
    }
    const CartLine line{sku, 1, prices.PriceCents(sku)};
    Emit(cart.session_id, customer, ti, "view", sku, "", std::nullopt, "");
    ti += rng.Uniform(0.5, 3.0) * kMinute;
    Emit(cart.session_id, customer, ti, "add_to_cart", sku, "", Dollars(line.unit_cents), "");
    cart.updated = ti;
    cart.value_cents += line.unit_cents;
    cart.lines.push_back(line);
    ti += rng.Uniform(0.5, 3.0) * kMinute;
  }
  if (rng.Bernoulli(0.4)) {
    cart.updated = ti;
    Emit(cart.session_id, customer, ti, "checkout_started", std::nullopt, "",
         Dollars(cart.value_cents), "");
  }
  cart.abandoned = cart.updated + kAbandonAfterDays;
  return cart;
}

void SessionWriter::CloseCart(const OpenCart& cart, std::optional<double> completed,
                              const std::string& order_id) {
  Cart row;
  char buf[32];
  std::snprintf(buf, sizeof buf, "CA%08lld", static_cast<long long>(++carts_));
  row.id = buf;
  row.customer_id = CustomerId(cart.customer);
  row.session_id = cart.session_id;
  row.started_at = clock_->ToTimestamp(cart.started);
  row.updated_at = clock_->ToTimestamp(cart.updated);
  if (completed) row.completed_at = clock_->ToTimestamp(*completed);
  if (cart.abandoned > 0 && cart.abandoned < static_cast<double>(clock_->days())) {
    row.abandoned_at = clock_->ToTimestamp(cart.abandoned);
  }
  row.order_id = order_id;
  row.value = Dollars(cart.value_cents);
  row.currency = "USD";
  sinks_->Write(row);
  for (const CartLine& l : cart.lines) {
    CartItem item;
    item.cart_id = row.id;
    item.sku = catalog_->skus[l.sku].product.sku;
    item.quantity = l.qty;
    item.unit_price = Dollars(l.unit_cents);
    sinks_->Write(item);
  }
}

void SessionWriter::Message(uint32_t customer, double t, std::string_view type,
                            const std::string& source, std::optional<double> value) {
  Emit("", customer, t, type, std::nullopt, "", value, source);
}

void SessionWriter::ReturnToCart(const OpenCart& cart, double t, int64_t total_cents,
                                 const std::string& source) {
  const std::string session = NewSession();
  Emit(session, cart.customer, t - 6 * kMinute, "view", cart.lines[0].sku, "", std::nullopt,
       source);
  Emit(session, cart.customer, t - 3 * kMinute, "checkout_started", std::nullopt, "",
       Dollars(cart.value_cents), source);
  Emit(session, cart.customer, t, "purchase", std::nullopt, "", Dollars(total_cents), source);
}

}  // namespace mercato::synth
