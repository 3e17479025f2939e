// Journey definitions' checks, the customer's time zone and quiet hours.
#include "engage/journey_definitions.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#include "common/country.h"

namespace mercato::engage {
namespace {

// Whether a journey or step id has the syntax [a-z0-9_]+.
bool IsJourneyId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

int LocalHour(Timestamp t, const TimeZone& zone) {
  const int64_t clock = t + zone.OffsetAt(t);
  return static_cast<int>(((clock % 86400) + 86400) % 86400 / 3600);
}

}  // namespace

std::string_view TriggerName(TriggerKind kind) {
  switch (kind) {
    case TriggerKind::kCartAbandoned:
      return "cart_abandoned";
    case TriggerKind::kOrderPlaced:
      return "order_placed";
    case TriggerKind::kPredictedLapse:
      return "predicted_lapse";
    case TriggerKind::kVipIdentified:
      return "vip_identified";
    case TriggerKind::kCheckoutAbandoned:
      return "checkout_abandoned";
    case TriggerKind::kBrowseAbandoned:
      return "browse_abandoned";
    case TriggerKind::kBackInStock:
      return "back_in_stock";
    case TriggerKind::kPriceDrop:
      return "price_drop";
  }
  return "";
}

Status ValidateJourneys(const std::vector<JourneyDefinition>& journeys) {
  std::set<std::string> ids;
  for (const JourneyDefinition& j : journeys) {
    const std::string where = "journey '" + j.id + "': ";
    if (!IsJourneyId(j.id)) {
      return InvalidArgument("journey id '" + j.id + "': expected 1-64 of [a-z0-9_]");
    }
    if (!ids.insert(j.id).second) return InvalidArgument(where + "the id is used twice");
    if (j.name.empty()) return InvalidArgument(where + "name: expected a name");
    if (j.priority < 1) return InvalidArgument(where + "priority: expected 1 or more");
    if (!(j.holdout >= 0 && j.holdout <= 0.5)) {
      return InvalidArgument(where + "holdout: expected a share in [0, 0.5], got " +
                             std::to_string(j.holdout));
    }
    if (j.entry_window_seconds <= 0) {
      return InvalidArgument(where + "entry window: expected more than 0");
    }
    if (j.steps.empty()) return InvalidArgument(where + "steps: expected at least one step");
    std::set<std::string> step_ids;
    int64_t previous = 0;
    for (const JourneyStep& s : j.steps) {
      if (!IsJourneyId(s.id)) {
        return InvalidArgument(where + "step id '" + s.id + "': expected 1-64 of [a-z0-9_]");
      }
      if (!step_ids.insert(s.id).second) {
        return InvalidArgument(where + "step '" + s.id + "' is named twice");
      }
      if (s.delay_seconds < previous) {
        return InvalidArgument(where + "step '" + s.id +
                               "': delays must not decrease from one step to the next");
      }
      previous = s.delay_seconds;
      if (s.incentive && !TriggerCarriesIncentive(j.trigger)) {
        return InvalidArgument(where + "step '" + s.id +
                               "': only cart and checkout journeys carry an incentive");
      }
    }
  }
  return Status::Ok();
}

bool TriggerCarriesIncentive(TriggerKind kind) {
  return kind == TriggerKind::kCartAbandoned || kind == TriggerKind::kCheckoutAbandoned;
}

Status ValidateJourneyRules(const JourneyRules& rules) {
  if (rules.cap_messages < 1) {
    return InvalidArgument("frequency cap: expected at least 1 message per window, got " +
                           std::to_string(rules.cap_messages));
  }
  if (rules.cap_window_seconds <= 0) {
    return InvalidArgument("frequency cap window: expected more than 0");
  }
  for (int h : {rules.quiet_start_hour, rules.quiet_end_hour}) {
    if (h < 0 || h > 23) {
      return InvalidArgument("quiet hours: expected hours in 0..23, got " + std::to_string(h));
    }
  }
  return Status::Ok();
}

std::optional<std::string_view> CountryTimeZone(std::string_view country) {
  // Countries spanning several zones get their most populous one.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 52> kZones{{
      {"AE", "Asia/Dubai"},          {"AR", "America/Argentina/Buenos_Aires"},
      {"AT", "Europe/Vienna"},       {"AU", "Australia/Sydney"},
      {"BE", "Europe/Brussels"},     {"BR", "America/Sao_Paulo"},
      {"CA", "America/Toronto"},     {"CH", "Europe/Zurich"},
      {"CL", "America/Santiago"},    {"CN", "Asia/Shanghai"},
      {"CO", "America/Bogota"},      {"CY", "Asia/Nicosia"},
      {"CZ", "Europe/Prague"},       {"DE", "Europe/Berlin"},
      {"DK", "Europe/Copenhagen"},   {"EE", "Europe/Tallinn"},
      {"ES", "Europe/Madrid"},       {"FI", "Europe/Helsinki"},
      {"FR", "Europe/Paris"},        {"GB", "Europe/London"},
      {"GR", "Europe/Athens"},       {"HK", "Asia/Hong_Kong"},
      {"HU", "Europe/Budapest"},     {"IE", "Europe/Dublin"},
      {"IL", "Asia/Jerusalem"},      {"IN", "Asia/Kolkata"},
      {"IS", "Atlantic/Reykjavik"},  {"IT", "Europe/Rome"},
      {"JP", "Asia/Tokyo"},          {"KR", "Asia/Seoul"},
      {"LT", "Europe/Vilnius"},      {"LU", "Europe/Luxembourg"},
      {"LV", "Europe/Riga"},         {"MT", "Europe/Malta"},
      {"MX", "America/Mexico_City"}, {"NL", "Europe/Amsterdam"},
      {"NO", "Europe/Oslo"},         {"NZ", "Pacific/Auckland"},
      {"PL", "Europe/Warsaw"},       {"PT", "Europe/Lisbon"},
      {"RO", "Europe/Bucharest"},    {"RU", "Europe/Moscow"},
      {"SA", "Asia/Riyadh"},         {"SE", "Europe/Stockholm"},
      {"SG", "Asia/Singapore"},      {"SI", "Europe/Ljubljana"},
      {"SK", "Europe/Bratislava"},   {"TR", "Europe/Istanbul"},
      {"TW", "Asia/Taipei"},         {"US", "America/New_York"},
      {"ZA", "Africa/Johannesburg"}, {"BG", "Europe/Sofia"},
  }};
  const std::string normalized = NormalizeCountry(country);
  for (const auto& [code, zone] : kZones) {
    if (code == normalized) return zone;
  }
  return std::nullopt;
}

bool InQuietHours(Timestamp t, const TimeZone& zone, const JourneyRules& rules) {
  const int start = rules.quiet_start_hour, end = rules.quiet_end_hour;
  if (start == end) return false;
  const int h = LocalHour(t, zone);
  return start < end ? (h >= start && h < end) : (h >= start || h < end);
}

Timestamp NextSendTime(Timestamp t, const TimeZone& zone, const JourneyRules& rules) {
  if (!InQuietHours(t, zone, rules)) return t;
  const int64_t clock = t + zone.OffsetAt(t);
  const int64_t day = clock - (((clock % 86400) + 86400) % 86400);
  int64_t end = day + int64_t{rules.quiet_end_hour} * 3600;
  if (end <= clock) end += 86400;
  return zone.ToUtc(end);
}

}  // namespace mercato::engage
