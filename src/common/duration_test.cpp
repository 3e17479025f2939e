// Durations: each unit, zero, and every malformed spelling refused with the option's name.
#include "common/duration.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(ParseDuration, ReadsEachUnitAsSeconds) {
  EXPECT_EQ(ParseDuration("2s", "--every").value(), 2);
  EXPECT_EQ(ParseDuration("30m", "--every").value(), 30 * 60);
  EXPECT_EQ(ParseDuration("6h", "--every").value(), 6 * 3600);
  EXPECT_EQ(ParseDuration("1d", "--every").value(), 86400);
  EXPECT_EQ(ParseDuration("0", "--every").value(), 0);
  EXPECT_EQ(ParseDuration("0h", "--every").value(), 0);
}

TEST(ParseDuration, RefusesWhatIsNotAWholeNumberWithAUnit) {
  for (const char* bad : {"", "6", "h", "-1h", "1.5h", "6 h", "6w", "h6", "99999999999d"}) {
    const auto parsed = ParseDuration(bad, "--retrain-every");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(),
              "--retrain-every: expected a duration such as 30s, 30m, 6h or 1d (0: none), got '" +
                  std::string(bad) + "'");
  }
  EXPECT_EQ(ParseDuration("soon", "").status().message(),
            "expected a duration such as 30s, 30m, 6h or 1d (0: none), got 'soon'");
}

}  // namespace
}  // namespace mercato
