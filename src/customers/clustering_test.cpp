// Behavioural clustering: planted blobs are recovered (k and assignments), the silhouette matches
// a hand computation, runs are deterministic by seed, and a planted store gets the two expected
// profiles and labels.
#include "customers/clustering.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "customers/history_test_util.h"
#include "ingest/import_test_util.h"

namespace mercato::customers {
namespace {

/// `per_blob` points around each center (row-major), with their blob in `blob`.
std::vector<double> Blobs(const std::vector<std::vector<double>>& centers, int per_blob, double sd,
                          uint64_t seed, std::vector<int>& blob) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, sd);
  std::vector<double> points;
  blob.clear();
  for (int p = 0; p < per_blob; ++p) {
    for (size_t b = 0; b < centers.size(); ++b) {
      for (double c : centers[b]) points.push_back(c + noise(rng));
      blob.push_back(static_cast<int>(b));
    }
  }
  return points;
}

/// Every planted blob lands in exactly one cluster, and different blobs in different clusters.
void ExpectSamePartition(const std::vector<int>& blob, const std::vector<int32_t>& assignment) {
  ASSERT_EQ(blob.size(), assignment.size());
  std::map<int, std::set<int32_t>> clusters_of_blob;
  for (size_t i = 0; i < blob.size(); ++i) clusters_of_blob[blob[i]].insert(assignment[i]);
  std::set<int32_t> used;
  for (const auto& [b, clusters] : clusters_of_blob) {
    EXPECT_EQ(clusters.size(), 1u) << "blob " << b << " is split";
    used.insert(*clusters.begin());
  }
  EXPECT_EQ(used.size(), clusters_of_blob.size());
}

TEST(KMeans, RecoversThreePlantedBlobs) {
  std::vector<int> blob;
  const auto points = Blobs({{0, 0}, {10, 0}, {0, 10}}, 200, 0.7, 1, blob);
  const KMeansSelection s = SelectKMeans(points, 2, ClusteringOptions{});
  EXPECT_EQ(s.k, 3);
  ASSERT_EQ(s.silhouette_by_k.size(), 7u);  // k = 2..8
  EXPECT_EQ(s.silhouette_by_k.front().first, 2);
  EXPECT_GT(s.silhouette, 0.8);
  for (const auto& [k, sil] : s.silhouette_by_k) EXPECT_LE(sil, s.silhouette) << k;
  ExpectSamePartition(blob, s.assignment);
}

TEST(KMeans, RecoversFivePlantedBlobsInFourDimensionsFromASample) {
  std::vector<int> blob;
  const auto points = Blobs({{0, 0, 0, 0}, {8, 0, 0, 0}, {0, 8, 0, 0}, {0, 0, 8, 0}, {0, 0, 0, 8}},
                            300, 1.0, 2, blob);
  ClusteringOptions options;
  options.silhouette_sample = 400;  // of 1,500 points
  const KMeansSelection s = SelectKMeans(points, 4, options);
  EXPECT_EQ(s.k, 5);
  ExpectSamePartition(blob, s.assignment);
}

TEST(KMeans, DeterministicBySeed) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> points(2000);
  for (double& v : points) v = u(rng);  // no structure: the result depends on the seed
  const auto a = KMeans(points, 2, 5, 2, 50, 9), b = KMeans(points, 2, 5, 2, 50, 9);
  EXPECT_EQ(a, b);
  ClusteringOptions options;
  options.silhouette_sample = 300;
  const KMeansSelection s1 = SelectKMeans(points, 2, options),
                        s2 = SelectKMeans(points, 2, options);
  EXPECT_EQ(s1.k, s2.k);
  EXPECT_EQ(s1.assignment, s2.assignment);
  EXPECT_EQ(s1.silhouette_by_k, s2.silhouette_by_k);
}

TEST(MeanSilhouette, MatchesAHandComputation) {
  // 1-D points 0, 1 | 10, 11: a = 1 for all; b = 10.5 for the outer, 9.5 for the inner points.
  const std::vector<double> points = {0, 1, 10, 11};
  const std::vector<int32_t> assignment = {0, 0, 1, 1}, sample = {0, 1, 2, 3};
  const double expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
  EXPECT_NEAR(MeanSilhouette(points, 1, assignment, sample, 2), expected, 1e-12);
  // A singleton (within the sample) counts 0: point 0 alone, {1, 10, 11} together.
  const std::vector<int32_t> lopsided = {0, 1, 1, 1};
  const double s1 = (1 - 9.5) / 9.5, s10 = (10 - 5) / 10.0, s11 = (11 - 5.5) / 11.0;
  EXPECT_NEAR(MeanSilhouette(points, 1, lopsided, sample, 2), (0 + s1 + s10 + s11) / 4, 1e-12);
}

/// 60 customers who order about every 30 days for 9 months, ~200 an order, and 60 who ordered
/// once, ~20, in month 3.
testing::LoadedHistory TwoBehaviours() {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  const Timestamp base = ParseTimestamp("2023-01-01").value();
  std::string orders = "id,customer_id,ts\n", lines = "order_id,line_no,sku,quantity,unit_price\n";
  char row[128];
  int id = 0;
  auto add = [&](int customer, double day, double value) {
    const Timestamp ts = base + static_cast<Timestamp>(day * kSecondsPerDay);
    std::snprintf(row, sizeof row, "o%d,c%d,%s\n", id, customer, FormatTimestamp(ts).c_str());
    orders += row;
    std::snprintf(row, sizeof row, "o%d,1,A,1,%.2f\n", id, value);
    lines += row;
    ++id;
  };
  for (int c = 0; c < 60; ++c) {
    for (int k = 0; k < 10; ++k) add(c, 30 * k * jitter(rng), 200 * jitter(rng));
  }
  for (int c = 60; c < 120; ++c) add(c, 100 * jitter(rng), 20 * jitter(rng));
  const std::string dir = mercato::testing::FreshDir();
  mercato::testing::WriteFile(dir, "orders.csv", orders);
  mercato::testing::WriteFile(dir, "order_lines.csv", lines);
  return testing::LoadHistory(dir);
}

TEST(ClusterCustomers, ProfilesAndLabelsThePlantedBehaviours) {
  const auto l = TwoBehaviours();
  auto c = ClusterCustomers(l.history);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->k, 2);
  ASSERT_EQ(c->clusters.size(), 2u);
  ASSERT_EQ(c->assignment.size(), 120u);
  std::map<std::string, const ClusterProfile*> by_label;
  for (const ClusterProfile& p : c->clusters) by_label[p.label] = &p;
  ASSERT_EQ(by_label.count("frequent high-value"), 1u) << c->clusters[0].label;
  ASSERT_EQ(by_label.count("lapsed one-time low-value"), 1u) << c->clusters[1].label;
  const ClusterProfile& frequent = *by_label["frequent high-value"];
  const ClusterProfile& once = *by_label["lapsed one-time low-value"];
  EXPECT_EQ(frequent.size, 60);
  EXPECT_EQ(once.size, 60);
  const auto names = ClusterFeatureNames();
  ASSERT_EQ(names.size(), static_cast<size_t>(kClusterFeatures));
  EXPECT_DOUBLE_EQ(frequent.mean[1], 10.0);  // frequency
  EXPECT_DOUBLE_EQ(once.mean[1], 1.0);
  EXPECT_NEAR(frequent.mean[2], 2000.0, 60.0);  // monetary
  EXPECT_NEAR(once.mean[4], 20.0, 1.0);         // avg_basket_value
  EXPECT_NEAR(c->overall_mean[1], 5.5, 1e-9);
  for (size_t i = 0; i < c->customer.size(); ++i) {  // c0..c59 are the frequent ones
    const bool planted_frequent = std::stoi(l.history.customer_ids[c->customer[i]].substr(1)) < 60;
    EXPECT_EQ(c->clusters[c->assignment[i]].label == "frequent high-value", planted_frequent);
  }

  auto again = ClusterCustomers(l.history);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->assignment, c->assignment);
}

TEST(ClusterCustomers, AsOfAndOptionsAreChecked) {
  const auto l = TwoBehaviours();
  ClusteringOptions options;
  options.as_of = ParseTimestamp("2023-01-01").value();  // before every order
  EXPECT_EQ(ClusterCustomers(l.history, options).status().code(), StatusCode::kFailedPrecondition);
  options = {};
  options.as_of = ParseTimestamp("2023-03-01").value();  // only the frequent customers so far
  auto early = ClusterCustomers(l.history, options);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->assignment.size(), 60u);
  options = {};
  options.min_k = 5;
  options.max_k = 3;
  EXPECT_EQ(ClusterCustomers(l.history, options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::customers
