// Tests of the progress reporter's log lines: counts and rates as a reader would check them.
#include "common/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace mercato {
namespace {

std::string Contents(FILE* f) {
  std::rewind(f);
  std::string text;
  char buffer[256];
  while (const size_t n = std::fread(buffer, 1, sizeof buffer, f)) text.append(buffer, n);
  return text;
}

TEST(Progress, AJobTooShortToTimeReportsNoRate) {
  // A file read in microseconds has no meaningful rate: 300 rows in 1 µs would print as
  // 300,000,000 rows/s.
  FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    Progress progress("import orders.csv", true, out);
    progress.Finish(300);
  }
  const std::string text = Contents(out);
  std::fclose(out);
  EXPECT_NE(text.find("import orders.csv: 300 rows in 0.0 s"), std::string::npos) << text;
  EXPECT_EQ(text.find("rows/s"), std::string::npos) << text;
}

}  // namespace
}  // namespace mercato
