// Running the mercato binary from tests, with standard output and error captured.
#include "cli/cli_test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/csv_reader.h"

namespace mercato::testing {

std::string CliTestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string dir =
      ::testing::TempDir() + "/mercato_cli_" + info->test_suite_name() + "_" + info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/store");
  return dir;
}

std::string MercatoBinary() { return MERCATO_BINARY; }

CliRun Mercato(const std::string& args) {
  std::string err_path =
      (std::filesystem::temp_directory_path() / "mercato_cli_stderr_XXXXXX").string();
  const int fd = mkstemp(err_path.data());
  if (fd >= 0) close(fd);
  const std::string cmd = MercatoBinary() + " " + args + " 2>" + err_path;
  CliRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  const int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err_path);
  std::stringstream err;
  err << in.rdbuf();
  run.err = err.str();
  std::remove(err_path.c_str());
  return run;
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

CsvTable ReadCsvTable(const std::string& path) {
  CsvTable table;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << path;
  if (!reader.ok()) return table;
  bool first = true;
  for (;;) {
    auto more = (*reader)->Next();
    EXPECT_TRUE(more.ok()) << path << ": " << more.status().ToString();
    if (!more.ok() || !*more) break;
    const auto& fields = (*reader)->fields();
    if (first) {
      table.header.assign(fields.begin(), fields.end());
      first = false;
      continue;
    }
    std::map<std::string, std::string>& row = table.rows.emplace_back();
    for (size_t i = 0; i < table.header.size() && i < fields.size(); ++i) {
      row[table.header[i]] = fields[i];
    }
  }
  return table;
}

}  // namespace mercato::testing
