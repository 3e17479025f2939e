// Tests of the entity field descriptors and their text conversions.
#include "domain/entity_schema.h"

#include <gtest/gtest.h>

#include <set>

namespace mercato {
namespace {

TEST(EntitySchema, NamesAreUniqueAndKeysAreFields) {
  std::set<std::string_view> names(EntityNames().begin(), EntityNames().end());
  EXPECT_EQ(names.size(), kEntityKindCount);
  ForEachEntityType([](auto tag) {
    using T = typename decltype(tag)::type;
    std::set<std::string_view> fields;
    for (const auto& f : EntityTraits<T>::Fields()) EXPECT_TRUE(fields.insert(f.name).second);
    for (auto key : EntityTraits<T>::Keys()) EXPECT_TRUE(fields.count(key)) << key;
  });
}

TEST(EntitySchema, TextRoundTrip) {
  Order o;
  const auto& fields = EntityTraits<Order>::Fields();
  auto field = [&](std::string_view name) {
    for (const auto& f : fields)
      if (f.name == name) return f;
    throw std::logic_error("no field");
  };
  ASSERT_TRUE(SetFieldFromText(field("ts"), o, "2010-12-01 08:26:00").ok());
  ASSERT_TRUE(SetFieldFromText(field("total"), o, "12.5").ok());
  EXPECT_EQ(FieldToText(field("ts"), o), "2010-12-01T08:26:00Z");
  EXPECT_EQ(FieldToText(field("total"), o), "12.5");
  EXPECT_EQ(FieldToText(field("shipping"), o), "");
  auto bad = SetFieldFromText(field("total"), o, "twelve");
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(SetFieldFromText(field("id"), o, "  ").ok());  // required
  ASSERT_TRUE(SetFieldFromText(field("total"), o, "").ok());  // optional clears
  EXPECT_FALSE(o.total.has_value());
  EXPECT_FALSE(CheckRequired(o).ok());
  o.id = "A1";
  EXPECT_TRUE(CheckRequired(o).ok());
}

}  // namespace
}  // namespace mercato
