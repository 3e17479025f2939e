// Off-policy evaluation: the value a target policy would have had, estimated from the rounds a
// different (behaviour) policy logged — the direct method (DM), inverse propensity weighting
// (IPW), its self-normalized form (SNIPW) and the doubly robust estimator (DR) — each with a
// seeded percentile-bootstrap interval over the logged rounds (the reward model refitted on
// every resample, so DM's and DR's intervals include its estimation error).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "engage/ope_logs.h"

namespace mercato::engage {

/// The target policy's probability of each action at each position, π_e(a | position); it does
/// not depend on the context (the policies evaluated here are not contextual).
struct TargetPolicy {
  std::map<int, std::map<std::string, double>> probability;  // position -> action -> π_e
  /// "logged" when every (action, position) of the target's log carries one propensity, which
  /// is then π_e (a stationary policy such as uniform random); "empirical" otherwise, when π_e
  /// is the action's share of the position's rounds (e.g. Thompson sampling, whose posterior
  /// moves). Either way each position's probabilities are scaled to sum to 1.
  std::string source;

  double Probability(int position, const std::string& action) const;
};

/// π_e from the target policy's own logged rounds (see TargetPolicy::source).
TargetPolicy TargetPolicyFromLog(const std::vector<LoggedRound>& target);

struct OffPolicyOptions {
  int resamples = 1000;      // bootstrap resamples of the logged rounds
  double confidence = 0.95;  // of the percentile intervals
  uint64_t seed = 1;         // of the bootstrap
  // The direct method's reward model q̂(x, a, p) is the behaviour log's mean reward of
  // (context, action, position), shrunk towards the mean of (action, position) with the weight
  // of `prior_rounds` rounds, which is shrunk the same way towards the position's mean (and
  // that towards the overall mean). 10 gave DM's smallest errors on the Open
  // Bandit Dataset among 0, 10, 100 and 1000 (bench/REPORT.md, "Off-policy evaluation").
  double prior_rounds = 10;
};

struct Estimate {
  double value = 0;
  double ci_low = 0;
  double ci_high = 0;
};

struct OffPolicyEvaluation {
  Estimate dm, ipw, snipw, dr;
  Estimate on_policy;               // the target log's mean reward, with its own bootstrap interval
  int64_t rounds = 0;               // behaviour rounds
  int64_t target_rounds = 0;        // target rounds
  int64_t actions = 0;              // distinct actions in either log
  int64_t positions = 0;            // distinct positions in either log
  std::string target_distribution;  // TargetPolicy::source
  /// The target's probability mass, averaged over the behaviour rounds' positions, on actions
  /// the behaviour policy never logged at that position: IPW and SNIPW cannot see it.
  double unsupported_mass = 0;
  double mean_weight = 0;  // mean of π_e/π_b over the behaviour rounds (≈ 1 when supported)
};

/// Estimates the value of the policy that logged `target` from the rounds of `behaviour`, and
/// measures the target's on-policy value for comparison. Both logs must be non-empty; options
/// out of range (resamples < 1, confidence outside (0, 1), prior_rounds < 0) are InvalidArgument.
/// The same logs, options and seed give the same result.
Result<OffPolicyEvaluation> EvaluateOffPolicy(const std::vector<LoggedRound>& behaviour,
                                              const std::vector<LoggedRound>& target,
                                              const OffPolicyOptions& options);

}  // namespace mercato::engage
