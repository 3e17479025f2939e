// libFuzzer target: the generic format's events.jsonl.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzJsonlEvents(data, size);
  return 0;
}
