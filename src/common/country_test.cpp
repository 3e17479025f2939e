// Tests of country normalization.
#include "common/country.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(Country, NormalizesCodesAndNames) {
  EXPECT_EQ(NormalizeCountry("GB"), "GB");
  EXPECT_EQ(NormalizeCountry(" united kingdom "), "GB");
  EXPECT_EQ(NormalizeCountry("UK"), "GB");
  EXPECT_EQ(NormalizeCountry("EIRE"), "IE");
  EXPECT_EQ(NormalizeCountry("RSA"), "ZA");
  EXPECT_EQ(NormalizeCountry("USA"), "US");
  EXPECT_EQ(NormalizeCountry("deu"), "DE");
  EXPECT_EQ(NormalizeCountry("Channel Islands"), "JE");
  EXPECT_EQ(NormalizeCountry("European Community"), "EU");
  EXPECT_EQ(NormalizeCountry("nz"), "NZ");
  EXPECT_EQ(NormalizeCountry("pe"), "PE");  // unnamed alpha-2 kept
  EXPECT_EQ(NormalizeCountry("Unspecified"), "");
  EXPECT_EQ(NormalizeCountry(""), "");
  EXPECT_EQ(NormalizeCountry("Atlantis"), "");
  EXPECT_EQ(NormalizeCountry("1x"), "");
}

}  // namespace
}  // namespace mercato
