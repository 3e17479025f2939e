// The bench's webhook receiver: the tests' loopback receiver as a program. Prints its port, then
// answers until its standard input closes, and prints how many requests and distinct
// idempotency keys it received.
#include <cstdio>
#include <iostream>
#include <string>

#include "delivery/receiver_test_util.h"

int main() {
  mercato::delivery::testing::Receiver receiver;
  std::printf("%d\n", receiver.port());
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  std::printf("{\"requests\": %lld, \"keys\": %zu}\n", static_cast<long long>(receiver.requests()),
              receiver.Deliveries().size());
  return 0;
}
