// The event loop of the synthetic store.
#include "synth/simulation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <queue>

#include "synth/returns.h"
#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

constexpr double kMinute = 1.0 / 1440.0;

// kRecommended: a purchase occasion recommendations add (the holdout's treatment arm);
// kCausedFollowUp: a follow-up of an order recommendations caused.
enum class Kind : uint8_t {
  kAcquire,
  kOccasion,
  kFollowUp,
  kRecovery,
  kDelivery,
  kRecommended,
  kCausedFollowUp
};
enum class OrderKind : uint8_t { kFirst, kRepeat, kFollowUp, kRecovered, kRecommended };

// Seeds the holdout's added occasions apart from the main stream, so a
// store without the holdout is the same with the feature compiled in.
constexpr uint64_t kHoldoutSeedSalt = 0x9e3779b97f4a7c15ULL;

struct Pending {
  double t;
  uint64_t seq;
  Kind kind;
  uint32_t a;
  uint32_t b;
};
struct Later {
  bool operator()(const Pending& x, const Pending& y) const {
    return x.t != y.t ? x.t > y.t : x.seq > y.seq;
  }
};

// Values parked until their event fires; slots are reused.
template <class T>
class Slab {
 public:
  uint32_t Put(T v) {
    if (free_.empty()) {
      items_.push_back(std::move(v));
      return static_cast<uint32_t>(items_.size() - 1);
    }
    const uint32_t i = free_.back();
    free_.pop_back();
    items_[i] = std::move(v);
    return i;
  }
  T Take(uint32_t i) {
    free_.push_back(i);
    return std::move(items_[i]);
  }

 private:
  std::vector<T> items_;
  std::vector<uint32_t> free_;
};

struct RecoveringCart {
  OpenCart cart;
  Incentive incentive;
  bool emailed;
};

std::string Numbered(const char* format, int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, static_cast<long long>(n));
  return buf;
}

double Dollars(int64_t cents) { return static_cast<double>(cents) / 100.0; }

// Event source of a recovery email and of what follows it: "incentive:<name>", or empty when no
// email could be sent.
std::string IncentiveSource(const RecoveringCart& r) {
  return r.emailed ? "incentive:" + std::string(kIncentiveNames[static_cast<size_t>(r.incentive)])
                   : "";
}

class Simulation {
 public:
  explicit Simulation(World& w)
      : w_(w),
        days_(static_cast<double>(w.clock.days())),
        occasions_per_purchase_(1.0 + w.config.browse_sessions_per_order +
                                w.config.abandoned_carts_per_order),
        holdout_on_(w.config.rec_lift > 0),
        holdout_start_(std::floor(w.config.rec_test_start * static_cast<double>(w.clock.days()))),
        holdout_rng_(w.config.seed ^ kHoldoutSeedSalt) {
    if (holdout_on_) {
      exposure_of_.assign(w.customers.size(), -1);
      holdout_arms_.emplace(HoldoutAssigner(w.config));
    }
    stats_.complement_a_sold.assign(w.complements.pairs().size(), 0);
    stats_.complement_followed.assign(w.complements.pairs().size(), 0);
  }

  SimStats Run() {
    for (uint32_t i = 0; i < w_.customers.size(); ++i) {
      Push(w_.customers[i].acquired + w_.rng.Uniform(2.0, 30.0) * kMinute, Kind::kAcquire, i, 0);
    }
    for (int64_t day = 0; day < w_.clock.days(); ++day) {
      w_.prices.AdvanceTo(day, [&](uint32_t k) { w_.shopper.OnPriceChange(k); });
      while (!heap_.empty() && heap_.top().t < static_cast<double>(day + 1)) {
        const Pending p = heap_.top();
        heap_.pop();
        Handle(p);
      }
      for (const Delivery& d : w_.inventory.EndOfDay(day, w_.rng, w_.sinks)) {
        Push(d.t, Kind::kDelivery, deliveries_.Put(d), 0);
      }
      w_.competitors.Observe(day, w_.prices, w_.clock, w_.rng, w_.sinks);
    }
    return std::move(stats_);
  }

 private:
  // Schedules an event; events after the period are dropped.
  bool Push(double t, Kind kind, uint32_t a, uint32_t b) {
    if (t >= days_) return false;
    heap_.push({t, seq_++, kind, a, b});
    return true;
  }

  void Handle(const Pending& p) {
    switch (p.kind) {
      case Kind::kAcquire:
        Visit(p.a, p.t);
        if (PlaceOrder(p.a, p.t, OrderKind::kFirst, FillBasket(p.a, p.t), nullptr)) {
          ++stats_.first_orders;
        }
        ScheduleOccasion(p.a, p.t);
        break;
      case Kind::kOccasion:
        Occasion(p.a, p.t);
        break;
      case Kind::kFollowUp:
      case Kind::kCausedFollowUp: {
        const ComplementPair& pair = w_.complements.pairs()[p.b];
        if (PlaceOrder(p.a, p.t, OrderKind::kFollowUp, {{pair.b, 1}}, nullptr,
                       p.kind == Kind::kCausedFollowUp)) {
          ++stats_.follow_up_orders;
          ++stats_.complement_followed[p.b];
        }
        break;
      }
      case Kind::kRecommended:
        RecommendedOccasion(p.a, p.t);
        break;
      case Kind::kRecovery:
        Recover(p.a, p.t, carts_.Take(p.b));
        break;
      case Kind::kDelivery:
        w_.inventory.Receive(deliveries_.Take(p.a));
        break;
    }
  }

  std::vector<BasketItem> FillBasket(uint32_t i, double t) {
    return w_.shopper.FillBasket(w_.customers[i], static_cast<int64_t>(t), w_.rng);
  }

  // Next candidate occasion of the thinned process: candidates come at rate
  // λ·(1 + browse + abandon)·bound; Occasion() accepts each with probability intensity / bound.
  void ScheduleOccasion(uint32_t i, double t) {
    const CustomerState& c = w_.customers[i];
    Push(t + w_.rng.Exponential(c.lambda * occasions_per_purchase_ * c.bound), Kind::kOccasion, i,
         0);
  }

  void Occasion(uint32_t i, double t) {
    CustomerState& c = w_.customers[i];
    if (!c.alive()) return;
    const int64_t day = static_cast<int64_t>(t);
    const double intensity =
        w_.clock.HourFactor(t) * w_.calendar.Weekday(day) * w_.shopper.Intensity(c, day);
    if (w_.rng.Uniform() * c.bound < intensity) {
      Visit(i, t);
      const double u = w_.rng.Uniform() * occasions_per_purchase_;
      if (u < 1.0) {
        if (PlaceOrder(i, t, OrderKind::kRepeat, FillBasket(i, t), nullptr)) {
          ++stats_.repeat_orders;
          ++c.repeat_orders;
          if (w_.rng.Bernoulli(c.p)) c.death = t;
        } else {
          ++stats_.lost_occasions;
        }
      } else if (u < 1.0 + w_.config.browse_sessions_per_order) {
        w_.sessions.Browse(i, c, t, w_.rng);
      } else {
        AbandonCart(i, t);
      }
    }
    if (c.alive()) ScheduleOccasion(i, t);
  }

  // A visit (an order, a browsing session or a cart) of customer i at t: from the test's start
  // their first one exposes them to the holdout and assigns their arm.
  void Visit(uint32_t i, double t) {
    if (!holdout_on_ || t < holdout_start_ || exposure_of_[i] >= 0) return;
    exposure_of_[i] = static_cast<int32_t>(stats_.exposures.size());
    HoldoutExposure e;
    e.customer = i;
    e.at = t;
    // The storefront's assignment: mercato's own hash of (experiment, customer id), so that the
    // exposures, imported, land in the arms they were simulated in.
    e.treatment = holdout_arms_->Assign(CustomerId(i)).variant == 1;
    stats_.exposures.push_back(e);
    if (e.treatment) ScheduleRecommended(i, t);
  }

  // The treated customer's added occasions: a thinned process at rec_lift times their own
  // repeat-purchase candidates, accepted with the same intensity.
  void ScheduleRecommended(uint32_t i, double t) {
    const CustomerState& c = w_.customers[i];
    const double rate = c.lambda * w_.config.rec_lift * c.bound;
    if (rate <= 0) return;
    Push(t + holdout_rng_.Exponential(rate), Kind::kRecommended, i, 0);
  }

  void RecommendedOccasion(uint32_t i, double t) {
    const CustomerState& c = w_.customers[i];
    if (!c.alive()) return;
    const int64_t day = static_cast<int64_t>(t);
    const double intensity =
        w_.clock.HourFactor(t) * w_.calendar.Weekday(day) * w_.shopper.Intensity(c, day);
    if (holdout_rng_.Uniform() * c.bound < intensity &&
        PlaceOrder(i, t, OrderKind::kRecommended, FillBasket(i, t), nullptr, true)) {
      ++stats_.recommended_orders;
    }
    ScheduleRecommended(i, t);
  }

  // Counts an order of customer i at t towards their exposure's window.
  void CountForHoldout(uint32_t i, double t, double revenue, bool caused) {
    if (!holdout_on_ || exposure_of_[i] < 0) return;
    HoldoutExposure& e = stats_.exposures[static_cast<size_t>(exposure_of_[i])];
    if (t < e.at || t >= e.at + static_cast<double>(w_.config.rec_attribution_days)) return;
    e.window_revenue += revenue;
    ++e.window_orders;
    if (caused) {
      e.caused_revenue += revenue;
      ++e.caused_orders;
    }
  }

  void AbandonCart(uint32_t i, double t) {
    const CustomerState& c = w_.customers[i];
    OpenCart cart = w_.sessions.Abandon(i, c, t, w_.prices, w_.rng);
    if (cart.lines.empty() || cart.abandoned >= days_) {
      w_.sessions.CloseCart(cart, std::nullopt, "");
      return;
    }
    const double mail_t = cart.abandoned + kEmailDelayDays;
    const bool emailed = c.EmailAllowed(mail_t) && mail_t < days_;
    const auto seg = static_cast<size_t>(c.segment);
    const Incentive incentive =
        emailed ? static_cast<Incentive>(w_.rng.Index(kIncentiveCount)) : Incentive::kNone;
    const size_t column = emailed ? static_cast<size_t>(incentive) : kIncentiveCount;
    const double prob = emailed ? kRecoveryProb[seg][column] : kRecoveryWithoutEmail[seg];
    ++stats_.abandoned[seg][column];
    RecoveringCart r{std::move(cart), incentive, emailed};
    const std::string source = IncentiveSource(r);
    if (emailed) w_.sessions.Message(i, mail_t, "email_sent", source, Dollars(r.cart.value_cents));
    const bool recovers = w_.rng.Bernoulli(prob);
    const double back_t = mail_t + w_.rng.GammaMeanSd(kRecoveryDelayMean, kRecoveryDelaySd);
    if (recovers && back_t < days_) {
      if (emailed) {
        w_.sessions.Message(i, back_t - 10 * kMinute, "email_open", source, std::nullopt);
        w_.sessions.Message(i, back_t - 8 * kMinute, "email_click", source, std::nullopt);
      }
      Push(back_t, Kind::kRecovery, i, carts_.Put(std::move(r)));
      return;
    }
    if (emailed && w_.rng.Bernoulli(0.3) && back_t < days_) {
      w_.sessions.Message(i, back_t, "email_open", source, std::nullopt);
    }
    w_.sessions.CloseCart(r.cart, std::nullopt, "");
  }

  void Recover(uint32_t i, double t, RecoveringCart r) {
    std::vector<BasketItem> items;
    for (const CartLine& l : r.cart.lines) items.push_back({l.sku, l.qty});
    const auto order_id = PlaceOrder(i, t, OrderKind::kRecovered, items, &r);
    if (order_id) {
      ++stats_.recovered_orders;
      const size_t column = r.emailed ? static_cast<size_t>(r.incentive) : kIncentiveCount;
      ++stats_.recovered[static_cast<size_t>(w_.customers[i].segment)][column];
    }
    w_.sessions.CloseCart(r.cart, order_id ? std::optional<double>(t) : std::nullopt,
                          order_id.value_or(""));
  }

  // Sells what is in stock and writes the order; returns its id, or nothing when all was out.
  // `caused`: recommendations caused it (so they cause its follow-ups too).
  std::optional<std::string> PlaceOrder(uint32_t i, double t, OrderKind kind,
                                        const std::vector<BasketItem>& items,
                                        const RecoveringCart* recovering, bool caused = false) {
    std::vector<std::pair<size_t, double>> follow_ups;  // pair index, time
    const std::vector<CartLine> lines = Sell(t, kind, items, follow_ups);
    if (lines.empty()) return std::nullopt;
    const CustomerState& c = w_.customers[i];
    Order order;
    order.id = Numbered("O%08lld", ++orders_);
    order.customer_id = CustomerId(i);
    order.ts = w_.clock.ToTimestamp(t);
    static constexpr double kChannelWeights[] = {0.62, 0.33, 0.05};
    static constexpr const char* kChannels[] = {"web", "mobile", "pos"};
    order.channel =
        kind == OrderKind::kRecovered ? "web" : kChannels[w_.rng.Categorical(kChannelWeights)];
    order.currency = "USD";
    const RegionSpec& region = Regions()[c.region];
    order.country = std::string(region.country);
    order.region = std::string(region.region);
    const std::vector<int64_t> line_discount =
        PriceOrder(kind, recovering ? recovering->incentive : Incentive::kNone, lines, order);
    const size_t returned = WriteLines(c, t, order, lines, line_discount);
    order.financial_status = returned == 0              ? "paid"
                             : returned == lines.size() ? "refunded"
                                                        : "partially_refunded";
    w_.sinks.Write(order);

    const int64_t total = std::llround(*order.total * 100.0);
    CountForHoldout(i, t, *order.total - *order.shipping, caused);
    if (recovering != nullptr) {
      w_.sessions.ReturnToCart(recovering->cart, t, total, IncentiveSource(*recovering));
    } else {
      w_.sessions.Purchase(i, c, t, lines, order.id, total, w_.rng);
    }
    for (const auto& [index, when] : follow_ups) {
      Push(when, caused ? Kind::kCausedFollowUp : Kind::kFollowUp, i, static_cast<uint32_t>(index));
    }
    return order.id;
  }

  // Takes the items from stock, adds same-basket complements and draws the delayed ones (not for
  // follow-up orders); returns the lines sold at today's prices.
  std::vector<CartLine> Sell(double t, OrderKind kind, const std::vector<BasketItem>& items,
                             std::vector<std::pair<size_t, double>>& follow_ups) {
    std::vector<CartLine> lines;
    auto sell = [&](uint32_t sku, int64_t qty) {
      const int64_t sold = w_.inventory.Take(sku, qty, t);
      if (sold > 0) lines.push_back({sku, sold, w_.prices.PriceCents(sku)});
      return sold > 0;
    };
    for (const BasketItem& item : items) sell(item.sku, item.qty);
    if (kind == OrderKind::kFollowUp) return lines;
    const size_t n = lines.size();
    for (size_t j = 0; j < n; ++j) {
      const ComplementPair* pair = w_.complements.ForA(lines[j].sku);
      if (pair == nullptr) continue;
      const size_t index = static_cast<size_t>(pair - w_.complements.pairs().data());
      ++stats_.complement_a_sold[index];
      if (!w_.rng.Bernoulli(pair->probability)) continue;
      if (pair->kind != DelayKind::kSameBasket) {
        follow_ups.emplace_back(index, t + w_.rng.GammaMeanSd(pair->mean_days, pair->sd_days));
      } else if (std::none_of(lines.begin(), lines.end(),
                              [&](const CartLine& l) { return l.sku == pair->b; }) &&
                 sell(pair->b, 1)) {
        ++stats_.complement_followed[index];
      }
    }
    return lines;
  }

  // Sets the order's discount code, discount, shipping, tax and total; returns the discount
  // allocated to each line (summing to the order's discount).
  std::vector<int64_t> PriceOrder(OrderKind kind, Incentive incentive,
                                  const std::vector<CartLine>& lines, Order& order) {
    int64_t subtotal = 0;
    for (const CartLine& l : lines) subtotal += l.unit_cents * l.qty;
    double pct = 0;
    if (kind == OrderKind::kFirst && w_.rng.Bernoulli(kWelcomeCodeShare)) {
      order.discount_code = "WELCOME10";
      pct = kIncentivePct;
    }
    if (incentive == Incentive::kPctDiscount) {
      order.discount_code = "COMEBACK10";
      pct = kIncentivePct;
    }
    if (incentive == Incentive::kFreeShipping) order.discount_code = "FREESHIP";
    const int64_t discount = std::llround(static_cast<double>(subtotal) * pct / 100.0);
    std::vector<int64_t> line_discount(lines.size(), 0);
    int64_t left = discount;
    for (size_t j = 0; j < lines.size(); ++j) {
      line_discount[j] =
          j + 1 == lines.size() ? left : discount * lines[j].unit_cents * lines[j].qty / subtotal;
      left -= line_discount[j];
    }
    const int64_t shipping =
        subtotal - discount >= kFreeShippingFromCents || incentive == Incentive::kFreeShipping
            ? 0
            : kShippingCents;
    order.discount_total = Dollars(discount);
    order.shipping = Dollars(shipping);
    order.tax = 0.0;
    order.total = Dollars(subtotal - discount + shipping);
    return line_discount;
  }

  // Writes the order lines and the returns of those returned within the period; returns how
  // many lines were returned.
  size_t WriteLines(const CustomerState& c, double t, const Order& order,
                    const std::vector<CartLine>& lines, const std::vector<int64_t>& line_discount) {
    size_t returned = 0;
    for (size_t j = 0; j < lines.size(); ++j) {
      const CartLine& l = lines[j];
      OrderLine row;
      row.order_id = order.id;
      row.line_no = static_cast<int64_t>(j + 1);
      row.sku = w_.catalog.skus[l.sku].product.sku;
      row.title = w_.catalog.skus[l.sku].product.title;
      row.quantity = l.qty;
      row.unit_price = Dollars(l.unit_cents);
      row.discount = Dollars(line_discount[j]);
      w_.sinks.Write(row);
      const auto decision = DecideReturn(c, w_.catalog, l.sku, l.unit_cents, w_.rng);
      if (!decision || t + decision->delay_days >= days_) continue;
      Return ret;
      ret.id = Numbered("R%08lld", ++stats_.returns);
      ret.order_id = order.id;
      ret.line_no = row.line_no;
      ret.customer_id = order.customer_id;
      ret.sku = row.sku;
      ret.ts = w_.clock.ToTimestamp(t + decision->delay_days);
      ret.quantity = l.qty;
      ret.reason = std::string(decision->reason);
      ret.condition = std::string(decision->condition);
      ret.amount = Dollars(l.unit_cents * l.qty - line_discount[j]);
      w_.sinks.Write(ret);
      ++returned;
    }
    return returned;
  }

  World& w_;
  const double days_;
  const double occasions_per_purchase_;
  SimStats stats_;
  std::priority_queue<Pending, std::vector<Pending>, Later> heap_;
  uint64_t seq_ = 0;
  int64_t orders_ = 0;
  Slab<RecoveringCart> carts_;
  Slab<Delivery> deliveries_;
  const bool holdout_on_;
  const double holdout_start_;  // day the holdout starts exposing
  Rng holdout_rng_;
  std::optional<experiment::Assigner> holdout_arms_;  // control = variant 0
  std::vector<int32_t> exposure_of_;  // per customer, index into stats_.exposures or -1
};

}  // namespace

SimStats Simulate(World& world) { return Simulation(world).Run(); }

}  // namespace mercato::synth
