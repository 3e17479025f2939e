// libFuzzer target: the CSV reader.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzCsvReader(data, size);
  return 0;
}
