// ListJsonText writes the very bytes of the nlohmann document the CLI and the API always wrote:
// compared over many random lists with odd strings, numbers and member keys.
#include "recommend_serving/list_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace mercato::serving {
namespace {

std::string Expected(const RecommendationList& list, nlohmann::json members) {
  members.update(ListJson(list));
  return members.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class ListJsonTextTest : public ::testing::Test {
 protected:
  std::mt19937 rng{20261205};

  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }

  // Strings mixing plain text with quotes, backslashes, control characters, DEL, valid UTF-8
  // (2 to 4 bytes) and invalid UTF-8 (a stray continuation byte, a truncated sequence, 0xFF).
  std::string OddString() {
    static const std::vector<std::string> kPieces = {"Mug",
                                                     " ",
                                                     "a",
                                                     "Z9",
                                                     "\"",
                                                     "\\",
                                                     "/",
                                                     "\n",
                                                     "\t",
                                                     "\x01",
                                                     "\x1f",
                                                     "\x7f",
                                                     "é",
                                                     "Lumière",
                                                     "€",
                                                     "😀",
                                                     "\x80",
                                                     "\xc3",
                                                     "\xff",
                                                     "<b>",
                                                     "&",
                                                     "'",
                                                     "https://shop.example/p/mug?x=1&y=2"};
    std::string s;
    const size_t n = Below(6);
    for (size_t i = 0; i < n; ++i) s += kPieces[Below(kPieces.size())];
    return s;
  }

  // Mostly plain ASCII (the fast path), sometimes odd.
  std::string Text() {
    if (Below(3) == 0) return OddString();
    static const std::vector<std::string> kPlain = {
        "", "Blue Mug", "SKU-00042", "https://cdn.example/a.jpg", "Because you bought Tea"};
    return kPlain[Below(kPlain.size())];
  }

  double Number() {
    static const std::vector<double> kSpecial = {0.0,
                                                 -0.0,
                                                 1.0,
                                                 3.0,
                                                 0.1,
                                                 19.99,
                                                 1e15,
                                                 1e16,
                                                 1e20,
                                                 123456789012345678.0,
                                                 1e-4,
                                                 1e-5,
                                                 1e308,
                                                 -1e308,
                                                 5e-324,
                                                 std::numeric_limits<double>::max(),
                                                 std::numeric_limits<double>::quiet_NaN(),
                                                 std::numeric_limits<double>::infinity(),
                                                 -std::numeric_limits<double>::infinity()};
    if (Below(2) == 0) return kSpecial[Below(kSpecial.size())];
    return std::uniform_real_distribution<double>(-1e6, 1e6)(rng) *
           std::pow(10.0, static_cast<double>(Below(40)) - 20.0);
  }

  RecommendationList RandomList() {
    RecommendationList list;
    const size_t n = Below(4) == 0 ? 0 : Below(25);
    for (size_t i = 0; i < n; ++i) {
      Recommendation r;
      r.sku = Below(10) == 0 ? OddString() : "SKU-" + std::to_string(Below(100000));
      r.title = Text();
      if (Below(4) != 0) r.price = Number();
      r.url = Text();
      r.image_url = Text();
      r.score = static_cast<float>(Number());
      r.model = static_cast<recommend::ModelKind>(Below(kModelKinds));
      r.reason.kind = static_cast<recommend::ReasonKind>(Below(10));
      r.reason_text = Text();
      list.items.push_back(std::move(r));
    }
    list.personalized = Below(2) == 0;
    if (Below(2) == 0) list.fallback = Text();
    if (Below(3) == 0) list.currency = Below(2) == 0 ? "USD" : Text();
    return list;
  }

  // What the routes and the CLI put beside the list (their subjects, model_version), keys
  // before, between and after the list's own, one of them the list's own ("items": it wins).
  nlohmann::json RandomMembers() {
    static const std::vector<std::string> kKeys = {
        "a",        "currency",     "customer_id", "fallbacks",
        "g",        "items",        "kind",        "model_version",
        "order_id", "personalized", "session_id",  "session_items",
        "sku",      "skus",         "z",           "é"};
    nlohmann::json members = nlohmann::json::object();
    const size_t n = Below(4);
    for (size_t i = 0; i < n; ++i) {
      const std::string& k = kKeys[Below(kKeys.size())];
      switch (Below(4)) {
        case 0:
          members[k] = OddString();
          break;
        case 1:
          members[k] = Number();
          break;
        case 2:
          members[k] = nlohmann::json::array({OddString(), Text()});
          break;
        default:
          members[k] = static_cast<int64_t>(Below(1000000)) - 500000;
      }
    }
    return members;
  }
};

TEST_F(ListJsonTextTest, SameBytesAsTheDocumentOverRandomLists) {
  for (int i = 0; i < 3000; ++i) {
    const RecommendationList list = RandomList();
    const nlohmann::json members = RandomMembers();
    ASSERT_EQ(ListJsonText(list, members), Expected(list, members))
        << "list " << i << ", members "
        << members.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  }
}

TEST_F(ListJsonTextTest, EmptyListAndNoMembers) {
  const RecommendationList empty;
  EXPECT_EQ(ListJsonText(empty, nlohmann::json::object()),
            R"({"fallback":null,"items":[],"personalized":false})");
}

TEST_F(ListJsonTextTest, OneItemSpelledOut) {
  RecommendationList list;
  Recommendation r;
  r.sku = "S\"1";
  r.title = "Caf\xc3\xa9 \xff";
  r.price = 3.0;
  r.score = std::numeric_limits<float>::quiet_NaN();
  r.reason_text = "a\nb";
  list.items.push_back(r);
  list.personalized = true;
  list.fallback = "no consent";
  EXPECT_EQ(ListJsonText(list, {{"customer_id", "c1"}, {"model_version", "v7"}}),
            "{\"customer_id\":\"c1\",\"fallback\":\"no consent\",\"items\":[{\"image_url\":null,"
            "\"model\":\"popularity\",\"price\":3.0,\"reason\":\"popular\",\"reason_text\":"
            "\"a\\nb\",\"score\":null,\"sku\":\"S\\\"1\",\"title\":\"Caf\xc3\xa9 \xef\xbf\xbd\","
            "\"url\":null}],\"model_version\":\"v7\",\"personalized\":true}");
}

// The store's currency is a key of the list only when it is known: a list without one is written
// as before, byte for byte.
TEST_F(ListJsonTextTest, CurrencyOnlyWhenKnown) {
  RecommendationList list;
  EXPECT_EQ(ListJsonText(list, {{"customer_id", "c1"}}),
            R"({"customer_id":"c1","fallback":null,"items":[],"personalized":false})");
  EXPECT_FALSE(ListJson(list).contains("currency"));
  list.currency = "USD";
  EXPECT_EQ(ListJsonText(list, {{"customer_id", "c1"}}),
            R"({"currency":"USD","customer_id":"c1","fallback":null,"items":[],)"
            R"("personalized":false})");
  EXPECT_EQ(ListJson(list)["currency"], "USD");
}

}  // namespace
}  // namespace mercato::serving
