// Tests of HMAC-SHA256 (RFC 4231 vectors), base64 and base64url (RFC 4648) and Shopify
// signatures.
#include "access/hmac.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mercato {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

TEST(HmacSha256, MatchesRfc4231TestCases) {
  EXPECT_EQ(Hex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(Hex(HmacSha256(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // A key longer than the block size is hashed first.
  EXPECT_EQ(Hex(HmacSha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(HmacSha256("", "").size(), 32u);
}

// Each thread reuses a context keyed with its last key: the same key again, a key change and
// back, an empty message and other threads must all still give RFC 4231's values.
TEST(HmacSha256, RepeatedAndAlternatingKeysOnSeveralThreads) {
  const std::string jefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const std::string hi = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  std::vector<std::thread> threads;
  std::vector<int> wrong(3, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (i % 3 == 0 && HmacSha256("", "").size() != 32u) ++wrong[t];
        if (Hex(HmacSha256("Jefe", "what do ya want for nothing?")) != jefe) ++wrong[t];
        if (i % (static_cast<int>(t) + 2) == 0 &&
            Hex(HmacSha256(std::string(20, '\x0b'), "Hi There")) != hi) {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(3, 0));
}

TEST(Base64, MatchesRfc4648VectorsBothWays) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded), plain) << encoded;
  }
  const std::string binary("\x00\xff\xfe\x80\x7f", 5);
  EXPECT_EQ(Base64Decode(Base64Encode(binary)), binary);
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
}

TEST(Base64, RejectsMalformedText) {
  for (std::string_view bad : {"Zg", "Zg=", "Z===", "Zm9v!A==", "Zg==Zm8=", "=Zm8", "Zm 9",
                               "Zh==",  // non-zero bits after the last byte
                               "Zm9vYg=A", "Zm8\n"}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
}

TEST(Base64Url, UsesTheUrlAlphabetWithoutPadding) {
  // RFC 4648 section 5: '-' and '_' replace '+' and '/'; the padding of "Zg==" is left off.
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode(""), "");
  for (std::string_view bad : {"Zg==", "+/8", "Z", "Zm9vY", "Zh", "a.b"}) {
    EXPECT_FALSE(Base64UrlDecode(bad).has_value()) << bad;
  }
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(RandomHex, DrawsTwoLowerHexCharactersPerByteAndNeverTheSameTwice) {
  const std::string a = RandomHex(32).value();
  const std::string b = RandomHex(32).value();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_NE(a, b);  // 256 random bits: a repeat means the generator is broken
}

TEST(Sha256Hex, IsAvailableThroughThisHeader) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(VerifyShopifyHmac, AcceptsOnlyTheBodysSignatureUnderTheSecret) {
  // Base64 of HMAC-SHA256("Jefe", ...) of RFC 4231 test case 2.
  EXPECT_TRUE(VerifyShopifyHmac("Jefe", "what do ya want for nothing?",
                                "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="));
  const std::string body = R"({"id":1})";
  const std::string header = "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=";
  EXPECT_TRUE(VerifyShopifyHmac("hush", body, header));
  EXPECT_EQ(Base64Encode(HmacSha256("hush", body)), header);
  EXPECT_FALSE(VerifyShopifyHmac("hush", R"({"id":2})", header));  // tampered body
  EXPECT_FALSE(VerifyShopifyHmac("other", body, header));          // wrong secret
  EXPECT_FALSE(VerifyShopifyHmac("", body, header));               // no secret configured
  EXPECT_FALSE(VerifyShopifyHmac("hush", body, ""));               // no header
  EXPECT_FALSE(VerifyShopifyHmac("hush", body, "not base64!"));
  EXPECT_FALSE(VerifyShopifyHmac("hush", body, header.substr(0, 40)));
  EXPECT_FALSE(VerifyShopifyHmac("hush", body, Base64Encode(HmacSha256("hush", body).substr(1))));
}

}  // namespace
}  // namespace mercato
