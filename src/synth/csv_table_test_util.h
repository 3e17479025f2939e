// Test support for the generator's tests: a whole CSV file in memory, and a file's bytes.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv_reader.h"

namespace mercato::synth {

// A whole CSV file in memory.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  size_t Col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<size_t>(it - header.begin());
  }
};

inline Table Read(const std::string& path) {
  Table t;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << path;
  if (!reader.ok()) return t;
  while (true) {
    auto next = (*reader)->Next();
    EXPECT_TRUE(next.ok());
    if (!next.ok() || !*next) break;
    std::vector<std::string> row((*reader)->fields().begin(), (*reader)->fields().end());
    if (t.header.empty()) {
      t.header = std::move(row);
    } else {
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mercato::synth
