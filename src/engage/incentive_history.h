// The store's history of incentive decisions (cart recovery's own messages, imported email_sent
// events with source "incentive:<name>") and their outcomes, and the bandit's posterior fitted
// from them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"
#include "domain/outbox_records.h"
#include "engage/incentive_bandit.h"
#include "engage/incentive_context.h"

namespace mercato::engage {

/// One past incentive decision: who got which incentive, when, about a cart of what value.
struct IncentiveSend {
  std::string customer_id;
  Timestamp at = 0;
  Incentive incentive = Incentive::kNone;
  double cart_value = 0;  // 0 when the record carries none
};

/// The send of an outbox message carrying an incentive (its payload's "incentive", one of
/// IncentiveName's names, and "value", the cart's value): only delivered messages count, at
/// their delivered_at. nullopt for any other message (pending, suppressed, dead, no incentive,
/// a payload that is not a JSON object or names an unknown incentive).
std::optional<IncentiveSend> SendFromOutbox(const OutboxMessage& message);
/// The send of an `email_sent` event whose source is "incentive:<name>" (ParseIncentive's
/// names), at the event's time, the cart's value its value; nullopt for any other event.
std::optional<IncentiveSend> SendFromEvent(const Event& event);

/// A past decision with its context (as of the send) and outcome.
struct IncentiveOutcome {
  IncentiveContext context;
  Incentive incentive = Incentive::kNone;
  bool converted = false;
};

/// The outcome of each send whose customer the snapshot knows and whose recovery window has
/// closed by `now` (at + window_seconds <= now; a later one's outcome is not known yet):
/// converted = the customer ordered at a time in (at, at + window_seconds]. Context = `contexts`
/// at the send. In the order of `sends`. window_seconds must be > 0.
std::vector<IncentiveOutcome> IncentiveOutcomes(const Snapshot& snapshot,
                                                const IncentiveContexts& contexts,
                                                std::span<const IncentiveSend> sends,
                                                int64_t window_seconds, Timestamp now);

/// Centres `bandit`'s prior on the outcomes' pooled recovery rate (SetPooledPrior with their
/// conversions among them all: an incentive the history never tried starts at the store's rate,
/// not at a favourite's) and updates it with every outcome (its context must lie in the bandit's
/// ranges); the posterior afterwards is that prior plus the conversions and non-conversions of
/// each (cell, incentive). Returns how many outcomes it learned from.
int64_t FitIncentiveBandit(IncentiveBandit& bandit, std::span<const IncentiveOutcome> outcomes);

}  // namespace mercato::engage
