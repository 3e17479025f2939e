// Terminal progress bar and periodic log lines.
#include "common/progress.h"

#include <unistd.h>

#include <cmath>

namespace mercato {

Progress::Progress(std::string label, bool enabled, FILE* out)
    : label_(std::move(label)),
      enabled_(enabled),
      out_(out),
      tty_(isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (enabled_ && tty_ && !finished_) std::fputc('\n', out_);
}

void Progress::Update(uint64_t rows, uint64_t done, uint64_t total) {
  if (!enabled_ || (++calls_ & 1023) != 0) return;
  const auto now = std::chrono::steady_clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(10000);
  if (now - last_ < interval) return;
  last_ = now;
  Draw(rows, done, total, false);
}

void Progress::Finish(uint64_t rows) {
  if (!enabled_ || finished_) return;
  finished_ = true;
  Draw(rows, 0, 0, true);
}

void Progress::Draw(uint64_t rows, uint64_t done, uint64_t total, bool final) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(rows) / secs : 0.0;
  if (final) {
    // Under a tenth of a second the clock's resolution and the start-up dominate: a rate from
    // it is noise (300 rows in a microsecond print as 300,000,000 rows/s), so none is given.
    constexpr double kShortestTimedJob = 0.1;
    const std::string rate_text =
        secs >= kShortestTimedJob ? " (" + std::to_string(std::llround(rate)) + " rows/s)" : "";
    std::fprintf(out_, "%s%s: %llu rows in %.1f s%s\n", tty_ ? "\r\033[K" : "", label_.c_str(),
                 static_cast<unsigned long long>(rows), secs, rate_text.c_str());
    return;
  }
  const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  const double eta = frac > 0 ? secs * (1.0 - frac) / frac : 0.0;
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r\033[K%s [%s] %3.0f%% %llu rows %.0f rows/s ETA %.0f s", label_.c_str(),
                 bar.c_str(), frac * 100, static_cast<unsigned long long>(rows), rate, eta);
  } else {
    std::fprintf(out_, "%s: %llu rows, %.0f%%, %.0f rows/s, ETA %.0f s\n", label_.c_str(),
                 static_cast<unsigned long long>(rows), frac * 100, rate, eta);
  }
  std::fflush(out_);
}

}  // namespace mercato
