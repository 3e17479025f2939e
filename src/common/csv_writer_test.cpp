// Tests that written CSV reads back field for field.
#include "common/csv_writer.h"

#include <gtest/gtest.h>

#include "common/csv_reader.h"

namespace mercato {
namespace {

TEST(CsvWriter, RoundTripsThroughReader) {
  const std::vector<std::string> row{"plain", "a,b", "say \"hi\"", "two\nlines", ""};
  const std::string path = ::testing::TempDir() + "/csv_writer_test.csv";
  {
    auto writer = CsvWriter::Create(path).value();
    writer->WriteRow(row);
    ASSERT_TRUE(writer->Close().ok());
  }
  auto reader = CsvReader::Open(path).value();
  ASSERT_TRUE(reader->Next().value());
  EXPECT_EQ(std::vector<std::string>(reader->fields().begin(), reader->fields().end()), row);
  EXPECT_FALSE(reader->Next().value());
}

TEST(CsvWriter, UnwritablePathIsAnError) {
  EXPECT_FALSE(CsvWriter::Create("/nonexistent/dir/x.csv").ok());
}

}  // namespace
}  // namespace mercato
