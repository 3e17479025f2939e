// libFuzzer target: a connection's bytes through the HTTP request parser (first byte: piece size).
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzHttpRequest(data, size);
  return 0;
}
