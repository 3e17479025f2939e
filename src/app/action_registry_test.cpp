// The action list itself: every action is reached from both sides or says why not, and no
// command or route belongs to two actions. (The drift test in src/cli checks the list against
// the real CLI and route table.)
#include "app/action_registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mercato::app {
namespace {

TEST(ActionRegistry, EveryActionHasBothSidesOrAReason) {
  std::set<std::string_view> actions, commands, routes;
  for (const ActionEntry& a : Actions()) {
    EXPECT_TRUE(actions.insert(a.action).second) << "listed twice: " << a.action;
    EXPECT_FALSE(a.cli.empty() && a.api.empty()) << a.action << " is reached from nowhere";
    const bool one_sided = a.cli.empty() || a.api.empty();
    EXPECT_EQ(one_sided, !a.one_sided_because.empty())
        << a.action << ": a reason is given exactly when one side lacks the action";
    for (std::string_view c : a.cli) EXPECT_TRUE(commands.insert(c).second) << c;
    for (std::string_view r : a.api) {
      EXPECT_TRUE(routes.insert(r).second) << r;
      EXPECT_NE(r.find(' '), std::string_view::npos) << r << ": expected \"METHOD /path\"";
    }
  }
}

}  // namespace
}  // namespace mercato::app
