// libFuzzer target: API requests (first byte: key choice; then request line, headers, body).
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzApiRequest(data, size);
  return 0;
}
