// Past incentive decisions from the outbox and imported events, their outcomes from the
// snapshot's orders, and the bandit fitted from them.
#include "engage/incentive_history.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace mercato::engage {

std::optional<IncentiveSend> SendFromOutbox(const OutboxMessage& message) {
  if (message.status != kOutboxDelivered || !message.delivered_at) return std::nullopt;
  const nlohmann::json payload =
      nlohmann::json::parse(message.payload_json, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return std::nullopt;
  const auto name = payload.find("incentive");
  if (name == payload.end() || !name->is_string()) return std::nullopt;
  const std::optional<Incentive> incentive = ParseIncentive(name->get<std::string>());
  if (!incentive) return std::nullopt;
  IncentiveSend send;
  send.customer_id = message.customer_id;
  send.at = *message.delivered_at;
  send.incentive = *incentive;
  if (const auto value = payload.find("value"); value != payload.end() && value->is_number()) {
    send.cart_value = value->get<double>();
  }
  return send;
}

std::optional<IncentiveSend> SendFromEvent(const Event& event) {
  constexpr std::string_view kPrefix = "incentive:";
  if (event.type != "email_sent" || !event.source.starts_with(kPrefix)) return std::nullopt;
  const std::optional<Incentive> incentive =
      ParseIncentive(std::string_view(event.source).substr(kPrefix.size()));
  if (!incentive) return std::nullopt;
  return IncentiveSend{event.customer_id, event.ts, *incentive, event.value.value_or(0)};
}

std::vector<IncentiveOutcome> IncentiveOutcomes(const Snapshot& snapshot,
                                                const IncentiveContexts& contexts,
                                                std::span<const IncentiveSend> sends,
                                                int64_t window_seconds, Timestamp now) {
  std::vector<IncentiveOutcome> out;
  for (const IncentiveSend& send : sends) {
    const int32_t c = snapshot.customers.Find(send.customer_id);
    if (c < 0 || send.at > now - window_seconds) continue;
    out.push_back({contexts.At(c, send.at, send.cart_value), send.incentive,
                   contexts.OrderedBetween(c, send.at, send.at + window_seconds)});
  }
  return out;
}

int64_t FitIncentiveBandit(IncentiveBandit& bandit, std::span<const IncentiveOutcome> outcomes) {
  const auto conversions = std::count_if(outcomes.begin(), outcomes.end(),
                                         [](const IncentiveOutcome& o) { return o.converted; });
  bandit.SetPooledPrior(conversions, static_cast<int64_t>(outcomes.size()));
  for (const IncentiveOutcome& o : outcomes) bandit.Update(o.context, o.incentive, o.converted);
  return static_cast<int64_t>(outcomes.size());
}

}  // namespace mercato::engage
