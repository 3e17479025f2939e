// Readers of logged bandit decisions: the Open Bandit Dataset's CSV and mercato's JSONL log.
#include "engage/ope_logs.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "common/byte_source.h"
#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/line_reader.h"
#include "common/text.h"

namespace mercato::engage {
namespace {

Status RowError(const std::string& path, uint64_t line, std::string_view field,
                std::string_view problem) {
  return InvalidArgument(path + ":" + std::to_string(line) + ": field '" + std::string(field) +
                         "': " + std::string(problem));
}

Status CheckPropensity(const std::string& path, uint64_t line, std::string_view field, double p) {
  if (p > 0 && p <= 1) return Status::Ok();
  return RowError(path, line, field,
                  "expected the logged action's probability in (0, 1], got " + FormatReal(p));
}

Result<std::vector<LoggedRound>> ReadObd(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(path));
  ASSIGN_OR_RETURN(const bool has_header, csv->Next());
  if (!has_header) return InvalidArgument(path + ": the file is empty; expected an OBD header");
  const CsvColumns columns(csv->fields());
  if (Status duplicates = columns.RefuseDuplicates(); !duplicates.ok()) {
    return InvalidArgument(path + ":1: " + duplicates.message());
  }
  const int item = columns.Find("item_id"), position = columns.Find("position"),
            click = columns.Find("click"), propensity = columns.Find("propensity_score");
  for (auto [index, name] :
       {std::pair{item, "item_id"}, std::pair{position, "position"}, std::pair{click, "click"},
        std::pair{propensity, "propensity_score"}}) {
    if (index < 0) {
      return InvalidArgument(path + ":1: missing column '" + name +
                             "'; an OBD log has item_id, position, click, propensity_score");
    }
  }
  std::vector<int> features;
  for (int k = 0;; ++k) {
    const int index = columns.Find("user_feature_" + std::to_string(k));
    if (index < 0) break;
    features.push_back(index);
  }
  std::vector<LoggedRound> rounds;
  for (;;) {
    auto more = csv->Next();
    if (!more.ok()) return InvalidArgument(path + ": " + more.status().message());
    if (!*more) break;
    const auto& f = csv->fields();
    const uint64_t line = csv->line();
    LoggedRound round;
    round.action = std::string(Trim(FieldAt(f, item)));
    if (round.action.empty()) return RowError(path, line, "item_id", "expected an item id");
    auto pos = ParseInt(FieldAt(f, position));
    if (!pos.ok() || *pos < 0) {
      return RowError(path, line, "position",
                      "expected a position >= 0, got '" + Excerpt(FieldAt(f, position)) + "'");
    }
    round.position = static_cast<int>(*pos);
    auto clicked = ParseInt(FieldAt(f, click));
    if (!clicked.ok() || (*clicked != 0 && *clicked != 1)) {
      return RowError(path, line, "click",
                      "expected 0 or 1, got '" + Excerpt(FieldAt(f, click)) + "'");
    }
    round.reward = static_cast<double>(*clicked);
    auto p = ParseReal(FieldAt(f, propensity));
    if (!p.ok()) return RowError(path, line, "propensity_score", p.status().message());
    RETURN_IF_ERROR(CheckPropensity(path, line, "propensity_score", *p));
    round.propensity = *p;
    for (size_t k = 0; k < features.size(); ++k) {
      if (k > 0) round.context += '|';
      round.context += Trim(FieldAt(f, features[k]));
    }
    rounds.push_back(std::move(round));
  }
  return rounds;
}

// The context object as one key: its members in name order, "name=value" joined by '|'.
Result<std::string> ContextKey(const nlohmann::json& context) {
  std::string key;
  for (const auto& [name, value] : context.items()) {
    if (!value.is_primitive() || value.is_null()) {
      return InvalidArgument("member '" + name + "' is not a string, number or boolean");
    }
    if (!key.empty()) key += '|';
    key += name + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return key;
}

Result<std::vector<LoggedRound>> ReadMercato(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, OpenByteSource(path));
  LineReader lines(std::move(source), 1 << 20);
  std::vector<LoggedRound> rounds;
  for (;;) {
    auto more = lines.Next();
    if (!more.ok()) {
      return InvalidArgument(path + ":" + std::to_string(lines.number()) + ": " +
                             more.status().message());
    }
    if (!*more) break;
    const uint64_t line = lines.number();
    if (Trim(lines.line()).empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(lines.line(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return InvalidArgument(path + ":" + std::to_string(line) +
                             ": expected one JSON object per line, got '" + Excerpt(lines.line()) +
                             "'");
    }
    LoggedRound round;
    const auto action = j.find("action");
    if (action == j.end() || !action->is_string() || action->get<std::string>().empty()) {
      return RowError(path, line, "action", "expected the chosen action as a non-empty string");
    }
    round.action = action->get<std::string>();
    const auto propensity = j.find("propensity");
    if (propensity == j.end() || !propensity->is_number()) {
      return RowError(path, line, "propensity", "expected the chosen action's probability");
    }
    round.propensity = propensity->get<double>();
    RETURN_IF_ERROR(CheckPropensity(path, line, "propensity", round.propensity));
    const auto reward = j.find("reward");
    if (reward == j.end() || !reward->is_number()) {
      return RowError(path, line, "reward", "expected a number");
    }
    round.reward = reward->get<double>();
    if (const auto unit = j.find("unit"); unit != j.end() && !unit->is_string()) {
      return RowError(path, line, "unit", "expected a string");
    }
    if (const auto position = j.find("position"); position != j.end()) {
      if (!position->is_number_integer() || position->get<int64_t>() < 0) {
        return RowError(path, line, "position", "expected an integer >= 0");
      }
      round.position = position->get<int>();
    }
    if (const auto context = j.find("context"); context != j.end()) {
      if (!context->is_object()) return RowError(path, line, "context", "expected an object");
      auto key = ContextKey(*context);
      if (!key.ok()) return RowError(path, line, "context", key.status().message());
      round.context = std::move(*key);
    }
    rounds.push_back(std::move(round));
  }
  return rounds;
}

}  // namespace

Result<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "obd") return LogFormat::kObd;
  if (name == "mercato") return LogFormat::kMercato;
  return InvalidArgument("format: expected obd or mercato, got '" + std::string(name) + "'");
}

Result<std::vector<LoggedRound>> ReadBanditLog(const std::string& path, LogFormat format) {
  ASSIGN_OR_RETURN(std::vector<LoggedRound> rounds,
                   format == LogFormat::kObd ? ReadObd(path) : ReadMercato(path));
  if (rounds.empty()) return InvalidArgument(path + ": the log has no rounds");
  return rounds;
}

}  // namespace mercato::engage
