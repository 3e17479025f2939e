# Reference for bench/pricing_bench.py: bayesm::rhierLinearModel on Dominick's orange juice, the
# hierarchical Bayes counterpart of `mercato pricing elasticity --panel`. One regression per
# store-brand (log units on intercept, log price, the log category price index of the store's
# other brands, deal, feature, trend and one annual harmonic: the terms mercato's panel model
# fits for a series spanning a year), their coefficients drawn from a normal around a brand mean
# (Z = brand indicators), so it pools as mercato does (store-brand -> brand). Input: a long file
# series,brand,week,logmove,logprice,logcat,deal,feat. Writes series,mean,q_low,q_high,cross
# (the log-price coefficient's posterior mean and central interval of the given coverage, and
# the category index's posterior mean) and prints the wall seconds spent in rhierLinearModel.
# Usage: Rscript pricing_bayesm.R PANEL.csv DRAWS COVERAGE OUT.csv
suppressMessages(library(bayesm))
args <- commandArgs(trailingOnly = TRUE)
draws <- as.integer(args[2])
coverage <- as.numeric(args[3])
d <- read.csv(args[1], colClasses = c("character", "character", "numeric", "numeric",
                                      "numeric", "numeric", "numeric", "numeric"))
series <- unique(d$series)
brands <- sort(unique(d$brand))
regdata <- vector("list", length(series))
brand_of <- character(length(series))
for (i in seq_along(series)) {
  s <- d[d$series == series[i], ]
  t <- s$week - min(s$week)
  angle <- 2 * pi * s$week / 52.1775
  X <- cbind(1, s$logprice, s$logcat, s$deal, s$feat, t / 52.1775, sin(angle), cos(angle))
  regdata[[i]] <- list(y = s$logmove, X = X)
  brand_of[i] <- s$brand[1]
}
Z <- outer(brand_of, brands, "==") * 1
set.seed(7)
start <- proc.time()[["elapsed"]]
fit <- rhierLinearModel(Data = list(regdata = regdata, Z = Z),
                        Mcmc = list(R = draws, keep = 1, nprint = 0))
seconds <- proc.time()[["elapsed"]] - start
kept <- seq(from = floor(draws / 5) + 1, to = draws)  # the first fifth is burn-in
price <- fit$betadraw[, 2, kept, drop = FALSE]
tail <- (1 - coverage) / 2
out <- data.frame(series = series,
                  mean = apply(price, 1, mean),
                  q_low = apply(price, 1, quantile, probs = tail),
                  q_high = apply(price, 1, quantile, probs = 1 - tail),
                  cross = apply(fit$betadraw[, 3, kept, drop = FALSE], 1, mean))
write.csv(out, args[4], row.names = FALSE, quote = FALSE)
cat(sprintf("seconds %.3f\n", seconds))
