// Test-only tool for the SciPy agreement test (tests/experiment/scipy_agreement.py): reads cases
// from stdin and prints our figures, one line per case, to 17 significant digits.
//   welch\n<control values>\n<variant values>\n  →  t df p ci_low ci_high   (variant − control)
//   srm\n<observed counts>\n<weights>\n           →  chi_square df p
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "experiment/statistics.h"

namespace {

template <class T>
std::vector<T> ReadLineOfNumbers(std::istream& in) {
  std::string line;
  std::getline(in, line);
  std::istringstream fields(line);
  std::vector<T> values;
  for (T v; fields >> v;) values.push_back(v);
  return values;
}

}  // namespace

int main() {
  using namespace mercato::experiment;
  std::string kind;
  while (std::getline(std::cin, kind)) {
    if (kind == "welch") {
      Moments control, variant;
      for (double v : ReadLineOfNumbers<double>(std::cin)) control.Add(v);
      for (double v : ReadLineOfNumbers<double>(std::cin)) variant.Add(v);
      const Comparison c = WelchCompare(MeanEstimate(control), MeanEstimate(variant), 0.05);
      std::printf("%.17g %.17g %.17g %.17g %.17g\n", c.t, c.df, c.p_value, c.ci_low, c.ci_high);
    } else if (kind == "srm") {
      const auto observed = ReadLineOfNumbers<int64_t>(std::cin);
      const auto weights = ReadLineOfNumbers<double>(std::cin);
      const ChiSquareTest t = ChiSquareGoodnessOfFit(observed, weights);
      std::printf("%.17g %.17g %.17g\n", t.chi_square, t.df, t.p_value);
    } else if (!kind.empty()) {
      std::fprintf(stderr, "statistics_tool: unknown case '%s' (expected welch or srm)\n",
                   kind.c_str());
      return 2;
    }
  }
  return 0;
}
