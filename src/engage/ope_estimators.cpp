// DM, IPW, SNIPW and DR estimates of a target policy's value from a behaviour policy's log, with
// percentile-bootstrap intervals.
#include "engage/ope_estimators.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <tuple>

namespace mercato::engage {

double TargetPolicy::Probability(int position, const std::string& action) const {
  const auto at = probability.find(position);
  if (at == probability.end()) return 0;
  const auto p = at->second.find(action);
  return p == at->second.end() ? 0 : p->second;
}

TargetPolicy TargetPolicyFromLog(const std::vector<LoggedRound>& target) {
  std::map<std::pair<int, std::string>, std::pair<double, bool>> logged;  // propensity, constant
  std::map<int, std::map<std::string, double>> counts;
  for (const LoggedRound& r : target) {
    counts[r.position][r.action] += 1;
    auto [it, fresh] = logged.try_emplace({r.position, r.action}, r.propensity, true);
    if (!fresh && it->second.first != r.propensity) it->second.second = false;
  }
  const bool stationary = std::all_of(logged.begin(), logged.end(),
                                      [](const auto& entry) { return entry.second.second; });
  TargetPolicy policy;
  policy.source = stationary ? "logged" : "empirical";
  for (const auto& [position, actions] : counts) {
    double total = 0;
    for (const auto& [action, count] : actions) {
      const double mass = stationary ? logged.at({position, action}).first : count;
      policy.probability[position][action] = mass;
      total += mass;
    }
    for (auto& [action, p] : policy.probability[position]) p /= total;
  }
  return policy;
}

namespace {

// Interns keys as dense ids, in order of first sight.
template <class Key>
class Ids {
 public:
  int Of(const Key& key) {
    const auto [it, fresh] = ids_.try_emplace(key, static_cast<int>(ids_.size()));
    return it->second;
  }
  int Find(const Key& key) const {
    const auto it = ids_.find(key);
    return it == ids_.end() ? -1 : it->second;
  }
  size_t size() const { return ids_.size(); }

 private:
  std::map<Key, int> ids_;
};

// The behaviour log as dense ids, so that the reward model can be refitted on each resample
// from counts alone.
struct IndexedLog {
  struct Round {
    int cell = 0;            // (context, position): its DM term is shared
    int context_action = 0;  // (context, action, position)
    double reward = 0;
    double weight = 0;  // π_e(a | p) / π_b
  };
  struct TargetAction {
    int action = 0;           // (action, position) id
    int context_action = -1;  // (context, action, position) id; -1 when never logged
    double probability = 0;   // π_e(a | p)
  };
  std::vector<Round> rounds;
  std::vector<std::vector<TargetAction>> cells;  // per cell: the target's actions there
  std::vector<int> action_position;              // (action, position) id -> position id
  std::vector<int> context_action_action;        // (context, action, position) id -> its action id
  int positions = 0;
};

IndexedLog Index(const std::vector<LoggedRound>& behaviour, const TargetPolicy& policy) {
  IndexedLog log;
  Ids<int> positions;
  Ids<std::pair<std::string, int>> actions;
  Ids<std::tuple<std::string, std::string, int>> context_actions;
  Ids<std::pair<std::string, int>> cells;
  const auto action_id = [&](const std::string& action, int position) {
    const int id = actions.Of({action, position});
    if (static_cast<size_t>(id) == log.action_position.size()) {
      log.action_position.push_back(positions.Of(position));
    }
    return id;
  };
  for (const LoggedRound& r : behaviour) {
    const int action = action_id(r.action, r.position);
    const int context_action = context_actions.Of({r.context, r.action, r.position});
    if (static_cast<size_t>(context_action) == log.context_action_action.size()) {
      log.context_action_action.push_back(action);
    }
    log.rounds.push_back({cells.Of({r.context, r.position}), context_action, r.reward,
                          policy.Probability(r.position, r.action) / r.propensity});
  }
  // Each (context, position) cell's target actions, found after every round is interned.
  std::vector<std::pair<std::string, int>> cell_keys(cells.size());
  for (const LoggedRound& r : behaviour)
    cell_keys[cells.Find({r.context, r.position})] = {r.context, r.position};
  log.cells.resize(cells.size());
  for (size_t c = 0; c < cell_keys.size(); ++c) {
    const auto& [context, position] = cell_keys[c];
    const auto at = policy.probability.find(position);
    if (at == policy.probability.end()) continue;
    for (const auto& [action, p] : at->second) {
      log.cells[c].push_back(
          {action_id(action, position), context_actions.Find({context, action, position}), p});
    }
  }
  log.positions = static_cast<int>(positions.size());
  return log;
}

// q̂ for every id of an IndexedLog, fitted on the rounds counted `count[i]` times each.
struct FittedRewards {
  std::vector<double> action;          // per (action, position)
  std::vector<double> context_action;  // per (context, action, position)

  double Of(const IndexedLog::TargetAction& t) const {
    return t.context_action >= 0 ? context_action[t.context_action] : action[t.action];
  }
};

FittedRewards Fit(const IndexedLog& log, const std::vector<uint32_t>& count, double prior) {
  struct Sum {
    double reward = 0, rounds = 0;
  };
  std::vector<Sum> by_position(log.positions), by_action(log.action_position.size()),
      by_context_action(log.context_action_action.size());
  Sum total;
  for (size_t i = 0; i < log.rounds.size(); ++i) {
    const IndexedLog::Round& r = log.rounds[i];
    const double c = count[i];
    const int action = log.context_action_action[r.context_action];
    for (Sum* sum : {&total, &by_position[log.action_position[action]], &by_action[action],
                     &by_context_action[r.context_action]}) {
      sum->reward += c * r.reward;
      sum->rounds += c;
    }
  }
  // The mean of `sum` shrunk towards `towards` with the weight of `prior` rounds.
  const auto shrunk = [prior](const Sum& sum, double towards) {
    const double weight = sum.rounds + prior;
    return weight > 0 ? (sum.reward + prior * towards) / weight : towards;
  };
  const double mean = total.rounds > 0 ? total.reward / total.rounds : 0;
  std::vector<double> at_position(log.positions);
  for (int p = 0; p < log.positions; ++p) at_position[p] = shrunk(by_position[p], mean);
  FittedRewards q;
  for (size_t a = 0; a < by_action.size(); ++a) {
    q.action.push_back(shrunk(by_action[a], at_position[log.action_position[a]]));
  }
  for (size_t k = 0; k < by_context_action.size(); ++k) {
    q.context_action.push_back(
        shrunk(by_context_action[k], q.action[log.context_action_action[k]]));
  }
  return q;
}

struct PointEstimates {
  double dm, ipw, snipw, dr;
};

// The four estimates over the rounds counted `count[i]` times each (1 each for the sample
// itself), the reward model fitted on the same counts.
PointEstimates Estimates(const IndexedLog& log, const std::vector<uint32_t>& count, double prior) {
  const FittedRewards q = Fit(log, count, prior);
  std::vector<double> cell_dm(log.cells.size(), 0);  // Σ_a π_e(a | p) q̂(x, a, p)
  for (size_t c = 0; c < log.cells.size(); ++c) {
    for (const IndexedLog::TargetAction& t : log.cells[c]) cell_dm[c] += t.probability * q.Of(t);
  }
  double n = 0, dm = 0, weighted = 0, weight = 0, correction = 0;
  for (size_t i = 0; i < log.rounds.size(); ++i) {
    const IndexedLog::Round& r = log.rounds[i];
    const double c = count[i];
    n += c;
    dm += c * cell_dm[r.cell];
    weighted += c * r.weight * r.reward;
    weight += c * r.weight;
    correction += c * r.weight * (r.reward - q.context_action[r.context_action]);
  }
  return {dm / n, weighted / n, weight > 0 ? weighted / weight : 0, (dm + correction) / n};
}

// The mean of `values` with value i counted `count[i]` times.
double CountedMean(const std::vector<double>& values, const std::vector<uint32_t>& count) {
  double n = 0, sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    n += count[i];
    sum += count[i] * values[i];
  }
  return sum / n;
}

// The percentile interval of `values` (sorted here) at `confidence`, interpolating linearly.
std::pair<double, double> PercentileInterval(std::vector<double> values, double confidence) {
  std::sort(values.begin(), values.end());
  const auto quantile = [&](double q) {
    const double at = q * static_cast<double>(values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(at));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (at - static_cast<double>(below)) * (values[above] - values[below]);
  };
  const double tail = (1 - confidence) / 2;
  return {quantile(tail), quantile(1 - tail)};
}

// Draws how often each of `n` rounds appears in one resample of size n.
void Resample(std::mt19937_64& rng, std::vector<uint32_t>& count) {
  std::fill(count.begin(), count.end(), 0);
  for (size_t k = 0; k < count.size(); ++k) ++count[rng() % count.size()];
}

}  // namespace

Result<OffPolicyEvaluation> EvaluateOffPolicy(const std::vector<LoggedRound>& behaviour,
                                              const std::vector<LoggedRound>& target,
                                              const OffPolicyOptions& options) {
  if (behaviour.empty()) return InvalidArgument("the behaviour log has no rounds");
  if (target.empty()) return InvalidArgument("the target log has no rounds");
  if (options.resamples < 1) {
    return InvalidArgument("resamples: expected at least 1, got " +
                           std::to_string(options.resamples));
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return InvalidArgument("confidence: expected a level in (0, 1), got " +
                           std::to_string(options.confidence));
  }
  if (!(options.prior_rounds >= 0)) {
    return InvalidArgument("prior_rounds: expected a weight >= 0, got " +
                           std::to_string(options.prior_rounds));
  }
  const TargetPolicy policy = TargetPolicyFromLog(target);
  const IndexedLog log = Index(behaviour, policy);

  std::set<std::pair<int, std::string>> supported;
  std::set<std::string> actions;
  std::set<int> positions;
  for (const LoggedRound& r : behaviour) {
    supported.insert({r.position, r.action});
    actions.insert(r.action);
    positions.insert(r.position);
  }
  for (const LoggedRound& r : target) {
    actions.insert(r.action);
    positions.insert(r.position);
  }

  OffPolicyEvaluation out;
  out.rounds = static_cast<int64_t>(behaviour.size());
  out.target_rounds = static_cast<int64_t>(target.size());
  out.actions = static_cast<int64_t>(actions.size());
  out.positions = static_cast<int64_t>(positions.size());
  out.target_distribution = policy.source;
  double unsupported = 0, weights = 0;
  for (const LoggedRound& r : behaviour) {
    const auto at = policy.probability.find(r.position);
    if (at != policy.probability.end()) {
      for (const auto& [action, p] : at->second) {
        if (!supported.count({r.position, action})) unsupported += p;
      }
    }
    weights += policy.Probability(r.position, r.action) / r.propensity;
  }
  const double n = static_cast<double>(behaviour.size());
  out.unsupported_mass = unsupported / n;
  out.mean_weight = weights / n;

  std::vector<uint32_t> count(behaviour.size(), 1);
  const PointEstimates point = Estimates(log, count, options.prior_rounds);
  std::mt19937_64 rng(options.seed);
  std::vector<double> dm, ipw, snipw, dr;
  for (int b = 0; b < options.resamples; ++b) {
    Resample(rng, count);
    const PointEstimates e = Estimates(log, count, options.prior_rounds);
    dm.push_back(e.dm);
    ipw.push_back(e.ipw);
    snipw.push_back(e.snipw);
    dr.push_back(e.dr);
  }
  const auto estimate = [&](double value, std::vector<double>& resampled) {
    const auto [low, high] = PercentileInterval(std::move(resampled), options.confidence);
    return Estimate{value, low, high};
  };
  out.dm = estimate(point.dm, dm);
  out.ipw = estimate(point.ipw, ipw);
  out.snipw = estimate(point.snipw, snipw);
  out.dr = estimate(point.dr, dr);

  // The on-policy value: the target log's mean reward, resampled the same way.
  std::vector<double> rewards;
  for (const LoggedRound& r : target) rewards.push_back(r.reward);
  std::vector<uint32_t> target_count(target.size(), 1);
  const double on_policy = CountedMean(rewards, target_count);
  std::vector<double> on_policy_resampled;
  for (int b = 0; b < options.resamples; ++b) {
    Resample(rng, target_count);
    on_policy_resampled.push_back(CountedMean(rewards, target_count));
  }
  out.on_policy = estimate(on_policy, on_policy_resampled);
  return out;
}

}  // namespace mercato::engage
