# Reference for bench/forecast_bench.py: Prophet (r-cran-prophet, default settings, yearly
# seasonality on weekly data) on every series of a long-format file series_id,t,value whose t is
# an integer week (mapped to weeks from Monday 2000-01-03), the last H points held out. Writes the
# forecasts as series_id,step,value and prints the wall seconds spent in prophet() + predict().
# Usage: Rscript forecast_prophet.R SERIES.csv H OUT.csv
suppressMessages(library(prophet))
args <- commandArgs(trailingOnly = TRUE)
h <- as.integer(args[2])
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
groups <- split(d$value, factor(d$series_id, levels = unique(d$series_id)))
out <- vector("list", length(groups))
seconds <- 0
for (i in seq_along(groups)) {
  y <- groups[[i]]
  n <- length(y) - h
  ds <- as.Date("2000-01-03") + 7 * (seq_len(length(y)) - 1)
  train <- data.frame(ds = ds[seq_len(n)], y = y[seq_len(n)])
  start <- proc.time()[["elapsed"]]
  m <- suppressMessages(prophet(train, weekly.seasonality = FALSE, daily.seasonality = FALSE))
  f <- predict(m, data.frame(ds = ds[(n + 1):length(y)]))$yhat
  seconds <- seconds + proc.time()[["elapsed"]] - start
  out[[i]] <- data.frame(series_id = names(groups)[i], step = seq_len(h), value = as.numeric(f))
}
write.csv(do.call(rbind, out), args[3], row.names = FALSE, quote = FALSE)
cat(sprintf("seconds %.3f\n", seconds))
