// Tests of line splitting, CRLF, BOM and the line-length bound.
#include "common/line_reader.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(LineReader, SplitsLinesAndReportsTooLong) {
  LineReader reader(MemoryByteSource("\xEF\xBB\xBF"
                                     "a\r\n" +
                                     std::string(50, 'x') + "\nb\n\nc"),
                    10);
  std::vector<std::string> got;
  for (;;) {
    auto next = reader.Next();
    if (!next.ok()) {
      got.push_back("ERR@" + std::to_string(reader.number()));
      continue;
    }
    if (!next.value()) break;
    got.push_back(reader.line());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"a", "ERR@2", "b", "", "c"}));
}

}  // namespace
}  // namespace mercato
