// The triggers of the four default journeys, read from mercato's models: abandoned carts (with
// the incentive bandit fitted from past decisions), post-purchase follow-ups, predicted lapses
// and VIPs.
#include "app/journey_model_triggers.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "app/cart_actions.h"
#include "customers/lapse_model.h"
#include "customers/vip.h"
#include "engage/incentive_context.h"
#include "engage/incentive_history.h"
#include "recommend/complementary.h"

namespace mercato::app {

// Each abandoned cart of a known customer not recovered since (app/cart_actions.h), with its
// items and the incentive context at the moment it was abandoned.
Result<std::vector<engage::JourneyTrigger>> CartTriggers(const JourneyOptions& o, const Snapshot& s,
                                                         Timestamp now) {
  AbandonedCartsOptions carts;
  carts.db = o.db;
  carts.abandon_after_minutes = o.cart_abandon_minutes;
  carts.now = now;
  carts.policy = o.policy;
  ASSIGN_OR_RETURN(AbandonedCarts found, ListAbandonedCarts(carts));
  const engage::IncentiveContexts contexts(s);
  std::vector<engage::JourneyTrigger> out;
  for (const AbandonedCart& cart : found.carts) {
    const int32_t c = s.customers.Find(cart.customer_id);
    if (c < 0 || !cart.recovered_order_id.empty()) continue;
    engage::JourneyTrigger t;
    t.customer = c;
    t.entry_id = cart.id;
    t.event_at = t.due_at = cart.abandoned_at;
    t.cart_value = cart.value.value_or(0);
    t.incentive_context = contexts.At(c, cart.abandoned_at, t.cart_value);
    nlohmann::json items = nlohmann::json::array();
    for (const AbandonedCartItem& i : cart.items) {
      items.push_back({{"sku", i.sku},
                       {"title", i.title},
                       {"quantity", i.quantity},
                       {"unit_price", i.unit_price ? nlohmann::json(*i.unit_price) : nullptr}});
    }
    t.payload = {{"cart_id", cart.id},
                 {"value", cart.value ? nlohmann::json(*cart.value) : nullptr},
                 {"currency", cart.currency},
                 {"items", items}};
    out.push_back(std::move(t));
  }
  return out;
}

// Each recent order of a known customer whose items lead to learned follow-ups: due at the
// top follow-up's delay (its pair's, or its category's; recommend/complementary.h).
std::vector<engage::JourneyTrigger> PostPurchaseTriggers(const Snapshot& s, int64_t fallback_delay,
                                                         int64_t window, Timestamp now) {
  std::vector<engage::JourneyTrigger> out;
  if (s.lines.size() == 0) return out;
  const std::unique_ptr<recommend::Recommender> model =
      recommend::TrainComplementary(s, recommend::RecommendConfig{});
  const int64_t oldest = now - window - 60 * kSecondsPerDay;  // the longest delay bucket: 60 days
  for (size_t begin = 0; begin < s.lines.size();) {
    size_t end = begin;
    while (end < s.lines.size() && s.lines.order[end] == s.lines.order[begin]) ++end;
    const int32_t c = s.lines.customer[begin];
    const Timestamp ts = s.lines.ts[begin];
    if (c >= 0 && ts > oldest && ts <= now) {
      std::vector<int32_t> items(s.lines.item.begin() + static_cast<int64_t>(begin),
                                 s.lines.item.begin() + static_cast<int64_t>(end));
      const auto follow = model->AfterPurchase(items, 3);
      if (!follow.empty()) {
        const int32_t days = follow.front().reason.delay_days;
        engage::JourneyTrigger t;
        t.customer = c;
        t.entry_id = s.orders.Key(s.lines.order[begin]);
        t.event_at = ts;
        t.due_at = ts + (days >= 0 ? int64_t{days} * kSecondsPerDay : fallback_delay);
        nlohmann::json suggested = nlohmann::json::array();
        for (const auto& f : follow) {
          suggested.push_back({{"sku", s.items.Key(f.item)},
                               {"title", static_cast<size_t>(f.item) < s.catalog.title.size()
                                             ? s.catalog.title[static_cast<size_t>(f.item)]
                                             : ""}});
        }
        t.payload = {{"order_id", t.entry_id},
                     {"delay_days", (t.due_at - ts) / kSecondsPerDay},
                     {"items", suggested}};
        out.push_back(std::move(t));
      }
    }
    begin = end;
  }
  return out;
}

// Customers whose predicted lapse date minus the lead has come: one entry per last purchase.
Result<std::vector<engage::JourneyTrigger>> WinBackTriggers(const JourneyOptions& o,
                                                            const Snapshot& s,
                                                            const customers::OrderHistory& history,
                                                            Timestamp now) {
  ASSIGN_OR_RETURN(const customers::LapseModel model, customers::TrainLapse(history, now + 1));
  ASSIGN_OR_RETURN(const std::vector<customers::LapseScore> scores,
                   customers::ScoreLapse(model, history, now + 1));
  std::vector<engage::JourneyTrigger> out;
  for (const customers::LapseScore& score : scores) {
    if (!score.lapse_date) continue;
    const int32_t c = s.customers.Find(score.customer_id);  // the history's dense id too
    if (c < 0 || c >= history.num_customers() || history.num_orders(c) == 0) continue;
    const int32_t h = c;
    const Timestamp last = history.ts[static_cast<size_t>(history.customer_start[h + 1] - 1)];
    engage::JourneyTrigger t;
    t.customer = c;
    t.entry_id = "after-" + FormatTimestamp(last).substr(0, 10);
    t.event_at = last;
    t.due_at = std::max(last, *score.lapse_date - int64_t{o.winback_lead_days} * kSecondsPerDay);
    t.payload = {{"predicted_lapse_date", FormatTimestamp(*score.lapse_date).substr(0, 10)},
                 {"p_lapse", score.p_lapse},
                 {"days_since_last_purchase", std::floor(score.days_since_last_purchase)}};
    out.push_back(std::move(t));
  }
  return out;
}

// Customers at their 2nd or 3rd order whose VIP probability reaches the threshold.
Result<std::vector<engage::JourneyTrigger>> VipTriggers(const JourneyOptions& o, const Snapshot& s,
                                                        const customers::OrderHistory& history,
                                                        Timestamp now) {
  ASSIGN_OR_RETURN(const customers::VipModel model, customers::TrainVip(history, now + 1));
  ASSIGN_OR_RETURN(const std::vector<customers::VipScore> scores,
                   customers::ScoreVip(model, history));
  std::vector<engage::JourneyTrigger> out;
  for (const customers::VipScore& score : scores) {
    if (score.p_vip < o.vip_threshold) continue;
    const int32_t c = s.customers.Find(score.customer_id);  // the history's dense id too
    if (c < 0 || c >= history.num_customers() || history.num_orders(c) == 0) continue;
    const int32_t h = c;
    engage::JourneyTrigger t;
    t.customer = c;
    t.entry_id = "vip";  // once per customer
    t.event_at = t.due_at = history.ts[static_cast<size_t>(history.customer_start[h + 1] - 1)];
    t.payload = {{"orders", score.orders}, {"p_vip", score.p_vip}, {"spend", score.spend}};
    out.push_back(std::move(t));
  }
  return out;
}

// Fits the incentive bandit from the store's past incentive decisions: cart recovery's delivered
// messages and imported email_sent events with source "incentive:<name>", each converted when
// its customer ordered within --incentive-window. Returns how many it learned from.
Result<int64_t> FitBanditFromHistory(Store& store, const Snapshot& snapshot, int64_t window,
                                     Timestamp now, engage::IncentiveBandit& bandit) {
  std::vector<engage::IncentiveSend> sends;
  ASSIGN_OR_RETURN(const std::vector<OutboxMessage> messages, store.ListOutbox("cart_recovery", 0));
  for (const OutboxMessage& m : messages) {
    if (auto send = engage::SendFromOutbox(m)) sends.push_back(std::move(*send));
  }
  RETURN_IF_ERROR(store.ScanEventsOfType("email_sent", [&](const Event& e) {
    if (auto send = engage::SendFromEvent(e)) sends.push_back(std::move(*send));
    return Status::Ok();
  }));
  const engage::IncentiveContexts contexts(snapshot);
  return engage::FitIncentiveBandit(
      bandit, engage::IncentiveOutcomes(snapshot, contexts, sends, window, now));
}

}  // namespace mercato::app
