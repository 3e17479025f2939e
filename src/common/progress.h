// Progress reporting for long jobs: a redrawn bar (rows/s, ETA) on a terminal, log lines otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace mercato {

class Progress {
 public:
  /// `label` names the job; output goes to `out` (stderr by default). `enabled` false silences it.
  explicit Progress(std::string label, bool enabled = true, FILE* out = stderr);
  ~Progress();

  /// Reports `rows` done by this job (not counting earlier jobs) and the position `done` of
  /// `total` bytes (total 0 = unknown).
  /// Cheap to call per row: redraws at most 10 times a second (log lines every 10 s).
  void Update(uint64_t rows, uint64_t done, uint64_t total);
  /// Prints the final line: rows, seconds and, for jobs of a tenth of a second or more, the rate.
  void Finish(uint64_t rows);

 private:
  void Draw(uint64_t rows, uint64_t done, uint64_t total, bool final);

  std::string label_;
  bool enabled_;
  FILE* out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_;
  uint32_t calls_ = 0;
  bool finished_ = false;
};

}  // namespace mercato
