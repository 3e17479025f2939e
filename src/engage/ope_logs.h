// Logged bandit decisions for off-policy evaluation, read from the Open Bandit Dataset's CSV or
// from mercato's own decision log (JSONL), plain or compressed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato::engage {

/// One logged decision: in `context` the policy chose `action` for slot `position`, with
/// probability `propensity`, and observed `reward`.
struct LoggedRound {
  std::string context;  // the context's features as one key ("" when the log has none)
  std::string action;
  int position = 0;
  double reward = 0;
  double propensity = 0;  // in (0, 1]
};

enum class LogFormat { kObd, kMercato };

/// "obd" or "mercato"; anything else is InvalidArgument naming both.
Result<LogFormat> ParseLogFormat(std::string_view name);

/// Reads every round of the log at `path` (plain, .gz or .zst content). The whole file is
/// validated: the first bad row is an InvalidArgument naming the file, line, field and what was
/// expected, and a log without rounds is an error too.
///
/// obd: CSV with the columns item_id (the action), position, click (the reward, 0 or 1),
/// propensity_score, and optionally user_feature_0..3 (joined into the context).
/// mercato: one JSON object per line with "action" (string), "propensity" (number in (0, 1]),
/// "reward" (number), and optionally "unit" (string), "position" (integer >= 0, default 0) and
/// "context" (an object of strings, numbers or booleans).
Result<std::vector<LoggedRound>> ReadBanditLog(const std::string& path, LogFormat format);

}  // namespace mercato::engage
