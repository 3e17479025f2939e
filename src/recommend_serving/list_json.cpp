// JSON of a recommendation list: as a document, and written directly as the same text.
#include "recommend_serving/list_json.h"

#include <array>
#include <cmath>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace mercato::serving {
namespace {

constexpr auto kReplaceInvalidUtf8 = nlohmann::json::error_handler_t::replace;

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, kReplaceInvalidUtf8); }

// A JSON string as nlohmann writes it. Printable ASCII (quotes and backslashes escaped) is
// copied here; anything else (control characters, UTF-8 to check and maybe repair) is left to
// nlohmann itself, so the bytes are its own.
void AppendString(std::string_view s, std::string& out) {
  bool quotes = false;  // '"' or '\\', escaped with a backslash
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80) {
      out += Dump(nlohmann::json(s));
      return;
    }
    quotes |= c == '"' || c == '\\';
  }
  out += '"';
  if (!quotes) {
    out += s;
  } else {
    for (const char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  out += '"';
}

void AppendStringOrNull(const std::string& s, std::string& out) {
  if (s.empty()) {
    out += "null";
  } else {
    AppendString(s, out);
  }
}

// A number as nlohmann writes a number_float: its Grisu2 shortest round-trip digits, "x.0" for
// integral values, null for NaN and infinities.
void AppendNumber(double x, std::string& out) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  std::array<char, 64> buffer;
  char* const end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  out.append(buffer.data(), end);
}

// One item's object, its keys in nlohmann's (sorted) order.
void AppendItem(const Recommendation& r, std::string& out) {
  out += "{\"image_url\":";
  AppendStringOrNull(r.image_url, out);
  out += ",\"model\":";
  AppendString(recommend::ModelKindName(r.model), out);
  out += ",\"price\":";
  if (r.price) {
    AppendNumber(*r.price, out);
  } else {
    out += "null";
  }
  out += ",\"reason\":";
  AppendString(recommend::ReasonKindName(r.reason.kind), out);
  out += ",\"reason_text\":";
  AppendString(r.reason_text, out);
  out += ",\"score\":";
  AppendNumber(static_cast<double>(r.score), out);
  out += ",\"sku\":";
  AppendString(r.sku, out);
  out += ",\"title\":";
  AppendStringOrNull(r.title, out);
  out += ",\"url\":";
  AppendStringOrNull(r.url, out);
  out += '}';
}

void AppendItems(const RecommendationList& list, std::string& out) {
  out += '[';
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0) out += ',';
    AppendItem(list.items[i], out);
  }
  out += ']';
}

}  // namespace

nlohmann::json ListJson(const RecommendationList& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const Recommendation& r : list.items) {
    items.push_back({{"sku", r.sku},
                     {"title", OrNull(r.title)},
                     {"price", r.price ? nlohmann::json(*r.price) : nlohmann::json(nullptr)},
                     {"url", OrNull(r.url)},
                     {"score", r.score},
                     {"model", recommend::ModelKindName(r.model)},
                     {"reason", recommend::ReasonKindName(r.reason.kind)},
                     {"reason_text", r.reason_text},
                     {"image_url", OrNull(r.image_url)}});
  }
  nlohmann::json j = {{"items", std::move(items)},
                      {"personalized", list.personalized},
                      {"fallback", OrNull(list.fallback)}};
  if (!list.currency.empty()) j["currency"] = list.currency;
  return j;
}

std::string ListJsonText(const RecommendationList& list, const nlohmann::json& members) {
  // The list's members, in sorted key order, each with its writer; "currency" only when known.
  using Writer = void (*)(const RecommendationList&, std::string&);
  static constexpr std::array<std::pair<std::string_view, Writer>, 4> kAllListMembers = {{
      {"currency",
       [](const RecommendationList& l, std::string& o) { AppendString(l.currency, o); }},
      {"fallback",
       [](const RecommendationList& l, std::string& o) { AppendStringOrNull(l.fallback, o); }},
      {"items", [](const RecommendationList& l, std::string& o) { AppendItems(l, o); }},
      {"personalized",
       [](const RecommendationList& l, std::string& o) { o += l.personalized ? "true" : "false"; }},
  }};
  const std::span<const std::pair<std::string_view, Writer>> list_members =
      std::span(kAllListMembers).subspan(list.currency.empty() ? 1 : 0);
  std::string out;
  out.reserve(512 + 384 * list.items.size());
  out += '{';
  bool first = true;
  auto key = [&](std::string_view k) {
    if (!first) out += ',';
    first = false;
    AppendString(k, out);
    out += ':';
  };
  // Merge the two sorted key sequences (nlohmann's objects are std::maps: sorted by key).
  size_t next = 0;
  for (const auto& member : members.items()) {
    const std::string& k = member.key();
    while (next < list_members.size() && list_members[next].first < k) {
      key(list_members[next].first);
      list_members[next].second(list, out);
      ++next;
    }
    if (next < list_members.size() && list_members[next].first == k) continue;  // the list's wins
    key(k);
    out += Dump(member.value());
  }
  for (; next < list_members.size(); ++next) {
    key(list_members[next].first);
    list_members[next].second(list, out);
  }
  out += '}';
  return out;
}

}  // namespace mercato::serving
