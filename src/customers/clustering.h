// Behavioural clustering of customers: k-means++ on standardized behaviour features, k chosen by
// the mean silhouette, and a profile with a generated label per cluster.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "customers/order_history.h"

namespace mercato::customers {

/// Behaviour features per customer, in ClusterFeatureNames() order:
///   recency_days      days from the last order to `as_of`
///   frequency         orders
///   monetary          value of the orders (merchandise)
///   tenure_days       days from the first order to `as_of`
///   avg_basket_value  monetary / frequency
///   distinct_categories  top-level categories bought
///   return_rate       amount returned / monetary, in [0, 1]
///   discount_share    share of orders with a discount
inline constexpr int kClusterFeatures = 8;
std::vector<std::string> ClusterFeatureNames();

struct ClusteringOptions {
  /// Only orders and returns before this time count; customers without an order before it are
  /// left out. Unset: one second after the last order.
  std::optional<Timestamp> as_of;
  /// Candidate cluster counts: every k in [min_k, max_k] (2 <= min_k <= max_k).
  int min_k = 2, max_k = 8;
  /// k-means++ runs per k (the lowest within-cluster sum of squares wins) and Lloyd iterations
  /// per run.
  int restarts = 4;
  int max_iterations = 100;
  /// The silhouette of each k is the mean over a seeded sample of at most this many customers
  /// (all when fewer).
  int silhouette_sample = 5000;
  uint64_t seed = 42;
};

struct ClusterProfile {
  std::string label;  // e.g. "frequent high-value", "lapsed one-time low-value"
  int64_t size = 0;
  std::vector<double> mean;  // per feature, in original units
};

struct Clustering {
  /// The rule: the k with the highest mean silhouette (ties: the smaller k).
  int k = 0;
  std::vector<std::pair<int, double>> silhouette_by_k;
  double silhouette = 0.0;  // of the chosen k
  /// Clusters, largest first; ids in `assignment` index this.
  std::vector<ClusterProfile> clusters;
  /// Per clustered customer: dense customer id and its cluster.
  std::vector<int32_t> customer;
  std::vector<int32_t> assignment;
  /// Means of the features over every clustered customer (original units).
  std::vector<double> overall_mean;
};

/// Features of every customer with an order before `as_of`: row-major, customers x
/// kClusterFeatures, with the dense customer ids in `customers`.
std::vector<double> CustomerFeatures(const OrderHistory& history, Timestamp as_of,
                                     std::vector<int32_t>& customers);

/// Clusters the customers of `history`: frequency, monetary and avg_basket_value (heavy-tailed)
/// are log1p-transformed, then every feature is standardized to mean 0 and standard deviation 1
/// (a constant feature becomes 0); k-means++ for each candidate k (seed + k); the k with the best
/// mean silhouette wins. FailedPrecondition when there are fewer customers than max_k + 1;
/// InvalidArgument for bad options.
Result<Clustering> ClusterCustomers(const OrderHistory& history,
                                    const ClusteringOptions& options = {});

/// The k-means choice on standardized points (row-major, n x dims).
struct KMeansSelection {
  int k = 0;  // the k with the highest mean silhouette (ties: the smaller k)
  double silhouette = 0.0;
  std::vector<std::pair<int, double>> silhouette_by_k;
  std::vector<int32_t> assignment;  // per point, clusters 0..k-1
};

/// Runs KMeans for each k in [options.min_k, options.max_k] (seed options.seed + k) and keeps the
/// one with the best MeanSilhouette on a seeded sample of options.silhouette_sample points. Needs
/// more than max_k points and valid options (ClusterCustomers checks them).
KMeansSelection SelectKMeans(const std::vector<double>& points, size_t dims,
                             const ClusteringOptions& options);

/// k-means++ with Lloyd iterations on `points` (row-major, n x dims): the best of `restarts`
/// seeded runs by within-cluster sum of squares. Returns the assignment of each point (clusters
/// 0..k-1, none empty when n >= k).
std::vector<int32_t> KMeans(const std::vector<double>& points, size_t dims, int k, int restarts,
                            int max_iterations, uint64_t seed);

/// Mean silhouette of the points `sample` (indices into `points`) under `assignment`, with the
/// distances among the sample only; points alone in their cluster (within the sample) count 0.
double MeanSilhouette(const std::vector<double>& points, size_t dims,
                      const std::vector<int32_t>& assignment, const std::vector<int32_t>& sample,
                      int k);

}  // namespace mercato::customers
