// Dashboard sessions: tokens, lookup, idle timeout and lifetime, the bound, forgetting one
// session or every session of a key, CSRF comparison.
#include "server/session_store.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace mercato::server {
namespace {

constexpr Timestamp kT0 = 1'700'000'000;

SessionLimits Limits(int64_t lifetime, int64_t idle, size_t capacity) {
  SessionLimits l;
  l.lifetime_seconds = lifetime;
  l.idle_seconds = idle;
  l.capacity = capacity;
  return l;
}

bool IsLowerHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(SessionStore, CreatesRandomTokensAndFindsTheSessionByItsToken) {
  SessionStore store(Limits(3600, 600, 100));
  const NewSession a = store.Create("key111111111", kT0).value();
  const NewSession b = store.Create("key222222222", kT0).value();
  EXPECT_TRUE(IsLowerHex64(a.token)) << a.token;
  EXPECT_TRUE(IsLowerHex64(a.session.csrf_token)) << a.session.csrf_token;
  const std::set<std::string> distinct = {a.token, b.token, a.session.csrf_token,
                                          b.session.csrf_token};
  EXPECT_EQ(distinct.size(), 4u);
  EXPECT_EQ(a.session.key_id, "key111111111");
  EXPECT_EQ(a.session.created_at, kT0);
  EXPECT_EQ(a.session.expires_at, kT0 + 3600);

  const auto found = store.Find(a.token, kT0 + 5);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->key_id, "key111111111");
  EXPECT_EQ(found->csrf_token, a.session.csrf_token);
  EXPECT_EQ(found->last_used_at, kT0 + 5);
  EXPECT_EQ(store.Find(b.token, kT0 + 5)->key_id, "key222222222");
  EXPECT_EQ(store.size(), 2u);
}

TEST(SessionStore, ATokenOfAnotherShapeOrUnknownFindsNothing) {
  SessionStore store(Limits(3600, 600, 100));
  const NewSession a = store.Create("k", kT0).value();
  std::string upper = a.token;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  std::string flipped = a.token;
  flipped[63] = flipped[63] == '0' ? '1' : '0';
  for (const std::string& bad :
       {std::string(), a.token.substr(0, 63), a.token + "0", upper, flipped, std::string(64, 'z'),
        std::string(64, '\0'), std::string(100000, 'a')}) {
    EXPECT_FALSE(store.Find(bad, kT0).has_value()) << bad.size();
    EXPECT_FALSE(store.Forget(bad));
  }
  EXPECT_TRUE(store.Find(a.token, kT0).has_value());  // none of that ended it
}

TEST(SessionStore, EndsAfterTheIdleTimeoutAndUseRestartsTheIdleClock) {
  SessionStore store(Limits(3600, 600, 100));
  const NewSession a = store.Create("k", kT0).value();
  // Used at 599 s (idle 599 < 600), then at 1198 s (idle 599 again): alive, though 1198 s
  // after sign-in is twice the idle timeout.
  EXPECT_TRUE(store.Find(a.token, kT0 + 599).has_value());
  EXPECT_TRUE(store.Find(a.token, kT0 + 1198).has_value());
  // Idle 600 s: ended, and forgotten (a later look-up within what would be its idle window
  // does not revive it).
  EXPECT_FALSE(store.Find(a.token, kT0 + 1798).has_value());
  EXPECT_EQ(store.size(), 0u);
  EXPECT_FALSE(store.Find(a.token, kT0 + 1799).has_value());
}

TEST(SessionStore, EndsAtItsLifetimeHoweverBusy) {
  SessionStore store(Limits(1000, 600, 100));
  const NewSession a = store.Create("k", kT0).value();
  for (Timestamp t = kT0; t < kT0 + 1000; t += 100) {
    EXPECT_TRUE(store.Find(a.token, t).has_value()) << t - kT0;
  }
  EXPECT_FALSE(store.Find(a.token, kT0 + 1000).has_value());
}

TEST(SessionStore, AtCapacityTheOldestSessionEnds) {
  SessionStore store(Limits(3600, 3600, 3));
  std::vector<NewSession> s;
  for (int i = 0; i < 5; ++i) s.push_back(store.Create("k" + std::to_string(i), kT0 + i).value());
  EXPECT_EQ(store.size(), 3u);
  EXPECT_FALSE(store.Find(s[0].token, kT0 + 5).has_value());
  EXPECT_FALSE(store.Find(s[1].token, kT0 + 5).has_value());
  for (int i = 2; i < 5; ++i) EXPECT_TRUE(store.Find(s[i].token, kT0 + 5).has_value()) << i;
}

TEST(SessionStore, ExpiredSessionsMakeRoomBeforeLiveOnesAreEvicted) {
  SessionStore store(Limits(100, 100, 3));
  const NewSession old = store.Create("old", kT0).value();
  const NewSession mid = store.Create("mid", kT0 + 50).value();
  // At kT0 + 120 the first has passed its lifetime: it goes, and the second stays though the
  // store was not full.
  const NewSession fresh = store.Create("new", kT0 + 120).value();
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.Find(mid.token, kT0 + 121).has_value());
  EXPECT_TRUE(store.Find(fresh.token, kT0 + 121).has_value());
  EXPECT_FALSE(store.Find(old.token, kT0 + 121).has_value());
}

TEST(SessionStore, ForgetEndsOneSessionAndForgetKeyEveryOneOfAKey) {
  SessionStore store(Limits(3600, 3600, 100));
  const NewSession a1 = store.Create("a", kT0).value();
  const NewSession a2 = store.Create("a", kT0).value();
  const NewSession b = store.Create("b", kT0).value();
  EXPECT_TRUE(store.Forget(a1.token));
  EXPECT_FALSE(store.Forget(a1.token));
  EXPECT_FALSE(store.Find(a1.token, kT0).has_value());
  EXPECT_TRUE(store.Find(a2.token, kT0).has_value());
  const NewSession a3 = store.Create("a", kT0).value();
  EXPECT_EQ(store.ForgetKey("a"), 2u);
  EXPECT_FALSE(store.Find(a2.token, kT0).has_value());
  EXPECT_FALSE(store.Find(a3.token, kT0).has_value());
  EXPECT_TRUE(store.Find(b.token, kT0).has_value());
  EXPECT_EQ(store.size(), 1u);
}

TEST(SessionStore, CsrfTokenMustMatchExactly) {
  SessionStore store(Limits(3600, 3600, 100));
  const Session s = store.Create("k", kT0).value().session;
  EXPECT_TRUE(SessionStore::CsrfMatches(s, s.csrf_token));
  EXPECT_FALSE(SessionStore::CsrfMatches(s, ""));
  EXPECT_FALSE(SessionStore::CsrfMatches(s, s.csrf_token.substr(1)));
  EXPECT_FALSE(SessionStore::CsrfMatches(s, s.csrf_token + "0"));
  std::string wrong = s.csrf_token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(SessionStore::CsrfMatches(s, wrong));
  EXPECT_FALSE(SessionStore::CsrfMatches(Session{}, ""));  // a session without one matches none
}

}  // namespace
}  // namespace mercato::server
