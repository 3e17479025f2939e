// Tests of assignment: stickiness, weighted splits, traffic, layers and targeting.
#include "experiment/assignment.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mercato::experiment {
namespace {

Assigner Make(AssignmentSpec spec) {
  auto a = Assigner::Create(std::move(spec));
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return std::move(a).value();
}

// A spec with every unit targeted, full traffic and no layer.
AssignmentSpec Spec(std::string salt, std::vector<double> weights = {0.5, 0.5}) {
  AssignmentSpec spec;
  spec.salt = std::move(salt);
  spec.weights = std::move(weights);
  return spec;
}

AssignmentSpec WithTraffic(AssignmentSpec spec, double traffic) {
  spec.traffic = traffic;
  return spec;
}

AssignmentSpec InLayer(AssignmentSpec spec, std::string layer, BucketRange buckets) {
  spec.layer = std::move(layer);
  spec.layer_buckets = buckets;
  return spec;
}

AssignmentSpec Targeting(AssignmentSpec spec, std::vector<std::string> segments) {
  spec.segments = std::move(segments);
  return spec;
}

std::string Unit(int i) { return "customer-" + std::to_string(i); }

TEST(AssignmentTest, SameUnitSameVariantAcrossAssigners) {
  const AssignmentSpec spec = Spec("recs-holdout");
  const Assigner a = Make(spec);
  const Assigner b = Make(spec);
  for (int i = 0; i < 1000; ++i) {
    const Assignment x = a.Assign(Unit(i));
    const Assignment y = b.Assign(Unit(i));
    ASSERT_TRUE(x.in_experiment);
    EXPECT_EQ(x.variant, y.variant);
    EXPECT_EQ(x.variant, a.Assign(Unit(i)).variant);
  }
}

TEST(AssignmentTest, AnotherSaltReshufflesUnits) {
  const Assigner a = Make(Spec("one"));
  const Assigner b = Make(Spec("two"));
  int same = 0;
  for (int i = 0; i < 10000; ++i) same += a.Assign(Unit(i)).variant == b.Assign(Unit(i)).variant;
  // Independent halves agree about half the time (±5 standard deviations).
  EXPECT_NEAR(same, 5000, 250);
}

// Pearson's χ² of counts against expected shares.
double ChiSquare(const std::vector<int>& counts, const std::vector<double>& shares, int total) {
  double chi = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const double e = shares[i] * total;
    chi += (counts[i] - e) * (counts[i] - e) / e;
  }
  return chi;
}

TEST(AssignmentTest, SplitMatchesWeightsWithinChiSquareBounds) {
  const std::vector<double> weights = {0.2, 0.3, 0.5};
  const Assigner a = Make(Spec("split", weights));
  std::vector<int> counts(3, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[a.Assign(Unit(i)).variant];
  // χ²(2) exceeds 13.82 with probability 0.001.
  EXPECT_LT(ChiSquare(counts, weights, n), 13.82)
      << counts[0] << " " << counts[1] << " " << counts[2];
  EXPECT_GT(counts[0], 0);
}

TEST(AssignmentTest, TrafficShareAndRampUpKeepsUnitsIn) {
  const Assigner tenth = Make(WithTraffic(Spec("ramp"), 0.1));
  const Assigner half = Make(WithTraffic(Spec("ramp"), 0.5));
  const int n = 100000;
  int in_tenth = 0, in_half = 0;
  for (int i = 0; i < n; ++i) {
    const Assignment t = tenth.Assign(Unit(i));
    const Assignment h = half.Assign(Unit(i));
    in_tenth += t.in_experiment;
    in_half += h.in_experiment;
    if (t.in_experiment) {
      // Raising traffic keeps every unit already in, in the same variant.
      ASSERT_TRUE(h.in_experiment);
      ASSERT_EQ(t.variant, h.variant);
    }
  }
  // Binomial standard deviations: ~95 and ~158; allow 5 of them.
  EXPECT_NEAR(in_tenth, 10000, 475);
  EXPECT_NEAR(in_half, 50000, 790);
}

TEST(AssignmentTest, ExperimentsOfOneLayerNeverShareAUnit) {
  const Assigner a = Make(InLayer(Spec("a"), "home", {0, 3000}));
  const Assigner b = Make(InLayer(Spec("b"), "home", {3000, 10000}));
  int in_a = 0, in_b = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const bool x = a.Assign(Unit(i)).in_experiment;
    const bool y = b.Assign(Unit(i)).in_experiment;
    ASSERT_FALSE(x && y) << Unit(i);
    ASSERT_TRUE(x || y) << Unit(i);  // the two ranges cover the whole layer
    in_a += x;
    in_b += y;
  }
  EXPECT_NEAR(in_a, 30000, 725);
  EXPECT_NEAR(in_b, 70000, 725);
}

TEST(AssignmentTest, LayerBucketIndependentOfSalt) {
  const Assigner a = Make(InLayer(Spec("a"), "home", {0, 10}));
  const Assigner b = Make(InLayer(Spec("b"), "home", {10, 20}));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.LayerBucket(Unit(i)), b.LayerBucket(Unit(i)));
}

TEST(AssignmentTest, TargetingAdmitsOnlyListedSegments) {
  const Assigner a = Make(Targeting(Spec("t"), {"vip", "at_risk"}));
  EXPECT_TRUE(a.Assign("c1", "vip").in_experiment);
  EXPECT_TRUE(a.Assign("c1", "at_risk").in_experiment);
  EXPECT_FALSE(a.Assign("c1", "new").in_experiment);
  EXPECT_FALSE(a.Assign("c1", "").in_experiment);
  const Assigner everyone = Make(Spec("t"));
  EXPECT_TRUE(everyone.Assign("c1", "new").in_experiment);
  EXPECT_EQ(everyone.Assign("c1").variant, a.Assign("c1", "vip").variant);
}

TEST(AssignmentTest, BadSpecsNameTheField) {
  auto r = Assigner::Create(Spec(""));
  EXPECT_NE(r.status().message().find("salt"), std::string::npos);
  r = Assigner::Create(WithTraffic(Spec("s"), 0));
  EXPECT_NE(r.status().message().find("traffic"), std::string::npos);
  r = Assigner::Create(Spec("s", {0.5}));
  EXPECT_NE(r.status().message().find("at least 2"), std::string::npos);
  r = Assigner::Create(Spec("s", {0.5, -0.5, 1}));
  EXPECT_NE(r.status().message().find("variants[1].weight"), std::string::npos);
  r = Assigner::Create(Spec("s", {0.5, 0.6}));
  EXPECT_NE(r.status().message().find("sum to 1"), std::string::npos);
  r = Assigner::Create(InLayer(Spec("s"), "l", {5, 5}));
  EXPECT_NE(r.status().message().find("layer_buckets"), std::string::npos);
}

TEST(AssignmentTest, LayerAllocationFirstFitAndFullLayerError) {
  auto r = AllocateLayerBuckets("home", {}, 3000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->begin, 0);
  EXPECT_EQ(r->end, 3000);
  r = AllocateLayerBuckets("home", {{0, 3000}, {5000, 10000}}, 2000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->begin, 3000);
  EXPECT_EQ(r->end, 5000);
  r = AllocateLayerBuckets("home", {{5000, 10000}, {0, 3000}}, 2001);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("layer 'home' is full"), std::string::npos);
  EXPECT_NE(r.status().message().find("2000 buckets free"), std::string::npos);
}

TEST(AssignmentTest, BucketsForTrafficRounds) {
  EXPECT_EQ(BucketsForTraffic(1.0), kBuckets);
  EXPECT_EQ(BucketsForTraffic(0.25), 2500);
  EXPECT_EQ(BucketsForTraffic(0.00001), 1);
}

}  // namespace
}  // namespace mercato::experiment
