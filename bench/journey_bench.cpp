// Times the journeys' trigger evaluation: `mercato_journey_bench CUSTOMERS` builds in memory a
// snapshot of CUSTOMERS customers (countries across 8 zones, 1-4 orders each over two years) and
// the four journeys' triggers (an abandoned cart for 5% of customers, a post-purchase follow-up
// for every order of the last 30 days, a predicted lapse within the win-back lead for 10%, a VIP
// at the 2nd order for 1%), each journey with a 10% holdout, then evaluates them twice: at `now`
// (every entry new) and a day later with the first run's journey log (steps due, exits). Prints
// JSON with the wall and CPU seconds of each evaluation and, as the reference of the same run,
// of sorting the triggers by customer (the least any per-customer evaluation must do).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engage/journey_evaluation.h"

namespace {

using Clock = std::chrono::steady_clock;
using mercato::Timestamp;
namespace engage = mercato::engage;

constexpr Timestamp kNow = 1780000000;
constexpr Timestamp kDay = 86400;

double Cpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A deterministic pseudo-random stream (splitmix64).
uint64_t Next(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

engage::JourneyDefinition Journey(const std::string& id, engage::TriggerKind trigger, int priority,
                                  std::vector<int64_t> delays) {
  engage::JourneyDefinition j;
  j.id = id;
  j.name = id;
  j.trigger = trigger;
  j.priority = priority;
  for (size_t i = 0; i < delays.size(); ++i) {
    j.steps.push_back({id + "_" + std::to_string(i + 1), delays[i], "subject", false});
  }
  if (trigger == engage::TriggerKind::kCartAbandoned) j.steps.back().incentive = true;
  if (trigger == engage::TriggerKind::kPredictedLapse) j.entry_window_seconds = 45 * kDay;
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t customers = argc > 1 ? std::stoll(argv[1]) : 1000000;
  const auto build_start = Clock::now();
  mercato::Snapshot s;
  const char* countries[] = {"US", "GB", "DE", "FR", "AU", "JP", "CA", ""};
  uint64_t rng = 42;
  engage::JourneyWorld world;
  world.journeys = {
      {Journey("cart_recovery", engage::TriggerKind::kCartAbandoned, 1, {3600, kDay}), nullptr, {}},
      {Journey("win_back", engage::TriggerKind::kPredictedLapse, 2, {0, 14 * kDay}), nullptr, {}},
      {Journey("vip", engage::TriggerKind::kVipIdentified, 3, {0}), nullptr, {}},
      {Journey("post_purchase", engage::TriggerKind::kOrderPlaced, 4, {0}), nullptr, {}}};
  for (int64_t c = 0; c < customers; ++c) {
    const std::string id = "c" + std::to_string(c);
    s.customers.Add(id);
    const char* country = countries[Next(rng) % 8];
    s.customer_country.push_back(*country ? s.countries.Add(country) : mercato::IdIndex::kNone);
    const int orders = 1 + static_cast<int>(Next(rng) % 4);
    Timestamp last = 0;
    for (int k = 0; k < orders; ++k) {
      const Timestamp ts = kNow - static_cast<Timestamp>(Next(rng) % (730 * kDay));
      s.orders.Add(id + "-" + std::to_string(k));
      s.order_customer.push_back(static_cast<int32_t>(c));
      s.order_ts.push_back(ts);
      last = std::max(last, ts);
      if (ts > kNow - 30 * kDay) {
        engage::JourneyTrigger t;
        t.customer = static_cast<int32_t>(c);
        t.entry_id = id + "-" + std::to_string(k);
        t.event_at = ts;
        t.due_at = ts + 14 * kDay;
        t.payload = {{"order_id", t.entry_id}};
        world.journeys[3].triggers.push_back(std::move(t));
      }
    }
    const uint64_t roll = Next(rng) % 100;
    engage::JourneyTrigger t;
    t.customer = static_cast<int32_t>(c);
    if (roll < 5) {  // an abandoned cart within the last day
      t.entry_id = "cart-" + id;
      t.event_at = t.due_at = kNow - static_cast<Timestamp>(Next(rng) % kDay);
      t.cart_value = static_cast<double>(Next(rng) % 300);
      t.payload = {{"cart_id", t.entry_id}, {"value", t.cart_value}};
      world.journeys[0].triggers.push_back(std::move(t));
    } else if (roll < 15) {  // predicted to lapse within the lead
      t.entry_id = "after-" + std::to_string(last);
      t.event_at = last;
      t.due_at = kNow - static_cast<Timestamp>(Next(rng) % (45 * kDay));
      t.payload = {{"p_lapse", 0.7}};
      world.journeys[1].triggers.push_back(std::move(t));
    } else if (roll < 16) {  // a VIP at the 2nd order
      t.entry_id = "vip";
      t.event_at = t.due_at = last;
      t.payload = {{"p_vip", 0.8}};
      world.journeys[2].triggers.push_back(std::move(t));
    }
  }
  std::vector<mercato::experiment::Assigner> assigners;
  for (const auto& j : world.journeys) {
    mercato::experiment::AssignmentSpec spec;
    spec.salt = "journey-" + j.definition.id;
    spec.weights = {0.1, 0.9};
    assigners.push_back(mercato::experiment::Assigner::Create(spec).value());
  }
  for (size_t i = 0; i < assigners.size(); ++i) world.journeys[i].holdout = &assigners[i];
  world.snapshot = &s;
  world.email_allowed.assign(static_cast<size_t>(customers), true);
  for (int64_t c = 0; c < customers; c += 7) world.email_allowed[static_cast<size_t>(c)] = false;
  mercato::engage::IncentiveBandit bandit(mercato::engage::BanditConfig{});
  world.bandit = &bandit;
  int64_t triggers = 0;
  for (const auto& j : world.journeys) triggers += static_cast<int64_t>(j.triggers.size());
  const double build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();

  // The reference: the triggers' (customer, due time) sorted by customer.
  std::vector<std::pair<int32_t, Timestamp>> keys;
  keys.reserve(static_cast<size_t>(triggers));
  double cpu = Cpu();
  auto start = Clock::now();
  for (const auto& j : world.journeys) {
    for (const auto& t : j.triggers) keys.emplace_back(t.customer, t.due_at);
  }
  std::sort(keys.begin(), keys.end());
  const double sort_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double sort_cpu = Cpu() - cpu;

  cpu = Cpu();
  start = Clock::now();
  engage::JourneyDecisions first = engage::EvaluateJourneys(world, kNow);
  const double first_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double first_cpu = Cpu() - cpu;
  world.log = std::move(first.log);
  const int64_t first_rows = static_cast<int64_t>(world.log.size());
  const int64_t first_messages = static_cast<int64_t>(first.messages.size());

  cpu = Cpu();
  start = Clock::now();
  const engage::JourneyDecisions second = engage::EvaluateJourneys(world, kNow + kDay);
  const double second_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double second_cpu = Cpu() - cpu;

  std::printf(
      "{\"customers\": %lld, \"orders\": %lld, \"triggers\": %lld, \"build_seconds\": %.3f,\n"
      " \"first_seconds\": %.3f, \"first_cpu_seconds\": %.3f, \"first_log_rows\": %lld, "
      "\"first_messages\": %lld,\n"
      " \"second_seconds\": %.3f, \"second_cpu_seconds\": %.3f, \"second_log_rows\": %lld, "
      "\"second_messages\": %lld,\n"
      " \"reference_sort_seconds\": %.3f, \"reference_sort_cpu_seconds\": %.3f}\n",
      static_cast<long long>(customers), static_cast<long long>(s.order_ts.size()),
      static_cast<long long>(triggers), build_seconds, first_seconds, first_cpu,
      static_cast<long long>(first_rows), static_cast<long long>(first_messages), second_seconds,
      second_cpu, static_cast<long long>(second.log.size()),
      static_cast<long long>(second.messages.size()), sort_seconds, sort_cpu);
  return 0;
}
