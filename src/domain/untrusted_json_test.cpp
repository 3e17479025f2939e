// Untrusted JSON: depth refused before parsing, malformed text, numbers beyond a double's range
// located by path (issue 14 items 3 and 8).
#include "domain/untrusted_json.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(UntrustedJson, ParsesADocument) {
  const UntrustedJson j = ParseUntrustedJson(R"({"a": [1, 2.5, "x"], "b": {"c": null}})");
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(j.value["a"][1], 2.5);
  EXPECT_TRUE(j.status().ok());
}

TEST(UntrustedJson, RefusesDeepNestingBeforeParsing) {
  for (const std::string& text :
       {std::string(100000, '['), std::string(100000, '[') + std::string(100000, ']'),
        std::string(33, '[') + std::string(33, ']')}) {
    const UntrustedJson j = ParseUntrustedJson(text);
    EXPECT_EQ(j.fault, JsonFault::kTooDeep);
    EXPECT_EQ(j.status().message(), "JSON nested deeper than 32 levels");
  }
  EXPECT_TRUE(ParseUntrustedJson(std::string(32, '[') + std::string(32, ']')).ok());
}

TEST(UntrustedJson, MalformedTextSaysWhere) {
  const UntrustedJson j = ParseUntrustedJson("{\"a\": x}");
  EXPECT_EQ(j.fault, JsonFault::kMalformed);
  EXPECT_EQ(j.status().message(), "malformed JSON at byte 7: expected a JSON document");
  EXPECT_NE(j.explain.find("parse_error"), std::string::npos) << j.explain;
}

TEST(UntrustedJson, OutOfRangeNumbersNameTheirPath) {
  struct Case {
    std::string text, path, token;
  };
  const std::vector<Case> cases = {
      {"1e999", "$", "1e999"},
      {R"({"events": [{"type": "view"}, {"value": -1E+400}]})", "$.events[1].value", "-1E+400"},
      {R"([[1, 2], [3, [4, 5, 2e308]]])", "$[1][1][2]", "2e308"},
      {R"({"a": {"b": [0]}, "c": 9e9999})", "$.c", "9e9999"},
  };
  for (const Case& c : cases) {
    const UntrustedJson j = ParseUntrustedJson(c.text);
    EXPECT_EQ(j.fault, JsonFault::kNumberOutOfRange) << c.text;
    EXPECT_EQ(j.path, c.path) << c.text;
    EXPECT_EQ(j.status().message(),
              c.path + ": number " + c.token + " is out of range; expected a finite number");
  }
  // The largest finite doubles are fine.
  EXPECT_TRUE(ParseUntrustedJson("[1.7976931348623157e308, -1e-400]").ok());
}

}  // namespace
}  // namespace mercato
