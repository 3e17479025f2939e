// The journeys' evaluation at a point in time: exits, entries and steps per customer.
#include "engage/journey_evaluation.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace mercato::engage {
namespace {

// One entry of a customer into a journey, as the log and this run leave it.
struct OpenEntry {
  int journey = 0;  // index into world.journeys
  std::string entry_id;
  Timestamp anchor = 0;    // the trigger's due time: steps are due at anchor + delay
  Timestamp event_at = 0;  // purchases after this end the entry
  bool holdout = false;
  int next_step = 0;
  Timestamp last_step_at = 0;  // when the latest step was taken (0: none yet)
  bool exited = false;
  const JourneyTrigger* trigger = nullptr;  // when it entered in this run (payload)
};

// What a customer has: entries and the times of the messages sent to them.
struct CustomerState {
  std::vector<OpenEntry> entries;
  std::vector<Timestamp> message_times;
  std::vector<std::pair<int, const JourneyTrigger*>> triggers;  // (journey, trigger)
};

// Per customer, the times of their orders, ascending (compressed rows).
struct OrderTimes {
  std::vector<int64_t> begin;
  std::vector<Timestamp> ts;

  explicit OrderTimes(const Snapshot& s) : begin(static_cast<size_t>(s.customers.size()) + 1, 0) {
    for (int32_t c : s.order_customer) {
      if (c >= 0) ++begin[static_cast<size_t>(c) + 1];
    }
    for (size_t i = 1; i < begin.size(); ++i) begin[i] += begin[i - 1];
    ts.resize(static_cast<size_t>(begin.back()));
    std::vector<int64_t> fill(begin.begin(), begin.end() - 1);
    for (size_t o = 0; o < s.order_customer.size(); ++o) {
      const int32_t c = s.order_customer[o];
      if (c >= 0) ts[static_cast<size_t>(fill[static_cast<size_t>(c)]++)] = s.order_ts[o];
    }
    for (size_t c = 0; c + 1 < begin.size(); ++c) {
      std::sort(ts.begin() + begin[c], ts.begin() + begin[c + 1]);
    }
  }
  // Whether customer c ordered in (after, until].
  bool OrderedIn(int32_t c, Timestamp after, Timestamp until) const {
    const auto first = ts.begin() + begin[static_cast<size_t>(c)];
    const auto last = ts.begin() + begin[static_cast<size_t>(c) + 1];
    const auto it = std::upper_bound(first, last, after);
    return it != last && *it <= until;
  }
};

class Evaluation {
 public:
  Evaluation(const JourneyWorld& world, Timestamp now)
      : world_(world), snapshot_(*world.snapshot), now_(now), orders_(*world.snapshot) {
    for (size_t j = 0; j < world.journeys.size(); ++j) {
      journey_index_.emplace(world.journeys[j].definition.id, static_cast<int>(j));
      out_.counts[world.journeys[j].definition.id];
    }
    zones_.resize(static_cast<size_t>(snapshot_.countries.size()));
    for (int32_t k = 0; k < snapshot_.countries.size(); ++k) {
      if (auto name = CountryTimeZone(snapshot_.countries.Key(k))) {
        auto zone = TimeZone::Parse(*name);
        if (zone.ok()) zones_[static_cast<size_t>(k)] = std::move(zone.value());
      }
    }
  }

  JourneyDecisions Run() {
    FoldLog();
    for (size_t j = 0; j < world_.journeys.size(); ++j) {
      for (const JourneyTrigger& t : world_.journeys[j].triggers) {
        if (t.customer < 0 || t.customer >= snapshot_.customers.size()) continue;
        customers_[t.customer].triggers.emplace_back(static_cast<int>(j), &t);
      }
    }
    // In customer order, so the decisions (and the bandit's draws) do not depend on hashing.
    std::vector<int32_t> order;
    order.reserve(customers_.size());
    for (const auto& [c, state] : customers_) order.push_back(c);
    std::sort(order.begin(), order.end());
    for (int32_t c : order) Decide(c, customers_[c]);
    return std::move(out_);
  }

 private:
  const JourneyDefinition& Def(int j) const {
    return world_.journeys[static_cast<size_t>(j)].definition;
  }
  JourneyCounts& Counts(int j) { return out_.counts[Def(j).id]; }

  // Rebuilds each customer's entries from the log: the entry row gives the anchor and the
  // holdout, step rows the next step, the exit row closes it.
  void FoldLog() {
    for (const JourneyLogRecord& r : world_.log) {
      const auto j = journey_index_.find(r.journey_id);
      if (j == journey_index_.end()) continue;
      const int32_t c = snapshot_.customers.Find(r.customer_id);
      if (c < 0) continue;
      CustomerState& state = customers_[c];
      OpenEntry& e = EntryOf(state, j->second, r.entry_id);
      if (r.step == JourneyLogRecord::kEnterStep) {
        e.anchor = r.at;
        e.holdout = r.holdout;
        e.event_at = EventOf(r);
      } else if (r.step == JourneyLogRecord::kExitStep) {
        e.exited = true;
      } else {
        e.next_step = std::max(e.next_step, r.step + 1);
        e.last_step_at = std::max(e.last_step_at, r.at);
        if (!r.holdout) state.message_times.push_back(r.at);
      }
    }
  }
  // The entry row's detail is "<trigger>@<event time>".
  static Timestamp EventOf(const JourneyLogRecord& r) {
    const size_t at = r.detail.rfind('@');
    if (at == std::string::npos) return r.at;
    return std::strtoll(r.detail.c_str() + at + 1, nullptr, 10);
  }
  static OpenEntry& EntryOf(CustomerState& state, int journey, const std::string& entry_id) {
    for (OpenEntry& e : state.entries) {
      if (e.journey == journey && e.entry_id == entry_id) return e;
    }
    OpenEntry& e = state.entries.emplace_back();
    e.journey = journey;
    e.entry_id = entry_id;
    return e;
  }

  void Exit(int32_t c, OpenEntry& e, const std::string& reason) {
    e.exited = true;
    JourneyLogRecord r = Row(c, e, JourneyLogRecord::kExitStep);
    r.detail = reason;
    out_.log.push_back(std::move(r));
    ++Counts(e.journey).exits[reason];
  }
  JourneyLogRecord Row(int32_t c, const OpenEntry& e, int32_t step) const {
    JourneyLogRecord r;
    r.journey_id = Def(e.journey).id;
    r.customer_id = snapshot_.customers.Key(c);
    r.entry_id = e.entry_id;
    r.step = step;
    r.at = now_;
    r.holdout = e.holdout;
    return r;
  }

  void Decide(int32_t c, CustomerState& state) {
    const bool allowed = static_cast<size_t>(c) < world_.email_allowed.size() &&
                         world_.email_allowed[static_cast<size_t>(c)];
    for (OpenEntry& e : state.entries) {
      if (e.exited) continue;
      if (Def(e.journey).exit_on_purchase && orders_.OrderedIn(c, e.event_at, now_)) {
        Exit(c, e, "purchase");
      } else if (!allowed) {
        Exit(c, e, "opt_out");
      }
    }
    Enter(c, state, allowed);
    for (OpenEntry& e : state.entries) {
      if (!e.exited) Step(c, state, e);
    }
  }

  void Enter(int32_t c, CustomerState& state, bool allowed) {
    auto& triggers = state.triggers;
    std::stable_sort(triggers.begin(), triggers.end(), [&](const auto& a, const auto& b) {
      if (Def(a.first).priority != Def(b.first).priority) {
        return Def(a.first).priority < Def(b.first).priority;
      }
      return a.second->due_at < b.second->due_at;
    });
    for (const auto& [j, t] : triggers) {
      const JourneyDefinition& def = Def(j);
      if (t->due_at > now_ || t->due_at <= now_ - def.entry_window_seconds) continue;
      const bool known = std::any_of(state.entries.begin(), state.entries.end(), [&](auto& e) {
        return e.journey == j && e.entry_id == t->entry_id;
      });
      if (known) continue;
      if (def.exit_on_purchase && orders_.OrderedIn(c, t->event_at, now_)) continue;
      if (!allowed) {
        ++Counts(j).not_contactable;
        continue;
      }
      const bool blocked = std::any_of(state.entries.begin(), state.entries.end(), [&](auto& e) {
        return !e.exited && Def(e.journey).priority <= def.priority;
      });
      if (blocked) {
        ++Counts(j).blocked;
        continue;
      }
      for (OpenEntry& e : state.entries) {
        if (!e.exited) Exit(c, e, "preempted");
      }
      OpenEntry& e = state.entries.emplace_back();
      e.journey = j;
      e.entry_id = t->entry_id;
      e.anchor = t->due_at;
      e.event_at = t->event_at;
      e.trigger = t;
      const experiment::Assigner* holdout = world_.journeys[static_cast<size_t>(j)].holdout;
      e.holdout = holdout != nullptr && holdout->Assign(snapshot_.customers.Key(c)).variant == 0;
      JourneyLogRecord r = Row(c, e, JourneyLogRecord::kEnterStep);
      r.at = e.anchor;
      r.detail = std::string(TriggerName(def.trigger)) + "@" + std::to_string(t->event_at);
      out_.log.push_back(std::move(r));
      ++Counts(j).entered;
      if (e.holdout) ++Counts(j).held_out;
    }
  }

  void Step(int32_t c, CustomerState& state, OpenEntry& e) {
    const JourneyDefinition& def = Def(e.journey);
    if (e.next_step >= static_cast<int>(def.steps.size())) {
      Exit(c, e, "completed");  // a log whose exit row was lost: close it now
      return;
    }
    const JourneyStep& step = def.steps[static_cast<size_t>(e.next_step)];
    // A step is due at its delay after the anchor, and never sooner after the step before it
    // than their delays are apart: a run that took a late step does not send the next one with
    // it, nor does a second run at the same time.
    Timestamp due = e.anchor + step.delay_seconds;
    if (e.next_step > 0 && e.last_step_at > 0) {
      const JourneyStep& before = def.steps[static_cast<size_t>(e.next_step - 1)];
      due = std::max(due, e.last_step_at + (step.delay_seconds - before.delay_seconds));
    }
    if (due > now_) return;
    JourneyLogRecord r = Row(c, e, e.next_step);
    if (e.holdout) {
      ++Counts(e.journey).withheld;
    } else {
      const Timestamp window_start = now_ - world_.rules.cap_window_seconds;
      const auto recent = std::count_if(state.message_times.begin(), state.message_times.end(),
                                        [&](Timestamp t) { return t > window_start; });
      if (recent >= world_.rules.cap_messages) {
        ++Counts(e.journey).capped;
        return;
      }
      OutboxMessage m = Message(c, state, e, step);
      r.detail = m.id;
      out_.messages.push_back(std::move(m));
      state.message_times.push_back(now_);
      ++Counts(e.journey).messaged;
    }
    out_.log.push_back(std::move(r));
    ++e.next_step;
    e.last_step_at = now_;
    if (e.next_step == static_cast<int>(def.steps.size())) Exit(c, e, "completed");
  }

  OutboxMessage Message(int32_t c, const CustomerState& state, const OpenEntry& e,
                        const JourneyStep& step) {
    const JourneyDefinition& def = Def(e.journey);
    OutboxMessage m;
    m.customer_id = snapshot_.customers.Key(c);
    m.journey_id = def.id;
    m.step_id = step.id;
    m.id = def.id + "/" + m.customer_id + "/" + e.entry_id + "/" + step.id;
    m.channel = "email";
    m.purpose = "email_marketing";
    m.created_at = now_;
    m.send_after = NextSendTime(now_, ZoneOf(c), world_.rules);
    const JourneyTrigger* t = e.trigger != nullptr ? e.trigger : FindTrigger(state, e);
    nlohmann::json payload = t != nullptr ? t->payload : nlohmann::json::object();
    payload["journey"] = def.id;
    payload["step"] = step.id;
    payload["subject"] = step.subject;
    if (step.incentive) {
      IncentiveDecision d;
      if (world_.bandit != nullptr && t != nullptr) {
        d = world_.bandit->Choose(t->incentive_context, t->cart_value);
      } else {
        d.propensity = 1;
      }
      payload["incentive"] = IncentiveName(d.incentive);
      payload["incentive_propensity"] = d.propensity;
    }
    m.payload_json = payload.dump();
    return m;
  }
  // An entry from an earlier run: its trigger when it is still among the customer's triggers.
  static const JourneyTrigger* FindTrigger(const CustomerState& state, const OpenEntry& e) {
    for (const auto& [j, t] : state.triggers) {
      if (j == e.journey && t->entry_id == e.entry_id) return t;
    }
    return nullptr;
  }
  const TimeZone& ZoneOf(int32_t c) const {
    const size_t i = static_cast<size_t>(c);
    if (i < snapshot_.customer_country.size()) {
      const int32_t k = snapshot_.customer_country[i];
      if (k >= 0 && zones_[static_cast<size_t>(k)]) return *zones_[static_cast<size_t>(k)];
    }
    return world_.rules.store_zone;
  }

  const JourneyWorld& world_;
  const Snapshot& snapshot_;
  Timestamp now_;
  OrderTimes orders_;
  std::unordered_map<std::string, int> journey_index_;
  std::vector<std::optional<TimeZone>> zones_;  // per country of the snapshot
  std::unordered_map<int32_t, CustomerState> customers_;
  JourneyDecisions out_;
};

}  // namespace

JourneyDecisions EvaluateJourneys(const JourneyWorld& world, Timestamp now) {
  return Evaluation(world, now).Run();
}

}  // namespace mercato::engage
