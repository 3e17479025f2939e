// Replays every seed (fuzz/corpus/) and crasher (fuzz/regressions/) through its fuzz entry.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fuzz/fuzz_entries.h"
#include "ingest/importer.h"

namespace mercato::fuzz {
namespace {

namespace fs = std::filesystem;

// An input longer than this is a hang (libFuzzer's -timeout in fuzz/run.sh is 10 s).
constexpr std::chrono::seconds kMaxSecondsPerInput{60};

const fs::path kFuzzDir = fs::path(MERCATO_SOURCE_DIR) / "fuzz";
constexpr const char* kInputFolders[] = {"corpus", "regressions"};

struct Input {
  const FuzzTarget* target;
  fs::path path;
  std::string test_name;
};

// Shown by gtest for the parameter of a test.
void PrintTo(const Input& input, std::ostream* os) { *os << input.path.string(); }

// Every input file of every target, named <folder>_<target>_<file> with [A-Za-z0-9_] only.
std::vector<Input> AllInputs() {
  std::vector<Input> inputs;
  std::set<std::string> names;
  for (const FuzzTarget& target : FuzzTargets()) {
    for (const char* folder : kInputFolders) {
      const fs::path dir = kFuzzDir / folder / target.name;
      if (!fs::is_directory(dir)) continue;
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& file : files) {
        std::string name =
            std::string(folder) + "_" + std::string(target.name) + "_" + file.filename().string();
        for (char& c : name) {
          if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        }
        while (!names.insert(name).second) name += "_";
        inputs.push_back({&target, file, name});
      }
    }
  }
  return inputs;
}

// Aborts the process, naming the input, when it runs longer than kMaxSecondsPerInput.
class Watchdog {
 public:
  explicit Watchdog(std::string what)
      : thread_([this, what = std::move(what)] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, kMaxSecondsPerInput, [this] { return done_; })) {
            std::fprintf(stderr, "%s is still running after %lld s: a hang\n", what.c_str(),
                         static_cast<long long>(kMaxSecondsPerInput.count()));
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

class FuzzInput : public ::testing::TestWithParam<Input> {};

TEST_P(FuzzInput, KeepsTheInvariants) {
  const Input& input = GetParam();
  std::ifstream in(input.path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << input.path;
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A broken invariant or a sanitizer report aborts the process, after this line on stderr.
  std::fprintf(stderr, "replaying %s through %s\n", input.path.c_str(),
               std::string(input.target->name).c_str());
  const Watchdog watchdog(input.path.string());
  input.target->run(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

INSTANTIATE_TEST_SUITE_P(Files, FuzzInput, ::testing::ValuesIn(AllInputs()),
                         [](const ::testing::TestParamInfo<Input>& input) {
                           return input.param.test_name;
                         });

TEST(FuzzTargets, CoverEveryImportFormat) {
  for (std::string_view format : ImportFormats()) {
    EXPECT_TRUE(std::any_of(FuzzTargets().begin(), FuzzTargets().end(),
                            [&](const FuzzTarget& t) { return t.format == format; }))
        << "no fuzz target for the import format " << format;
  }
}

TEST(FuzzTargets, EveryTargetHasSeedsAndEveryFolderATarget) {
  for (const FuzzTarget& target : FuzzTargets()) {
    const fs::path seeds = kFuzzDir / "corpus" / target.name;
    EXPECT_TRUE(fs::is_directory(seeds) && !fs::is_empty(seeds)) << "no seeds in " << seeds;
  }
  for (const char* folder : kInputFolders) {
    if (!fs::is_directory(kFuzzDir / folder)) continue;
    for (const auto& entry : fs::directory_iterator(kFuzzDir / folder)) {
      const std::string name = entry.path().filename().string();
      EXPECT_TRUE(std::any_of(FuzzTargets().begin(), FuzzTargets().end(),
                              [&](const FuzzTarget& t) { return t.name == name; }))
          << entry.path() << " is named after no fuzz target";
    }
  }
}

}  // namespace
}  // namespace mercato::fuzz
