# Reference for bench/forecast_bench.py: R's forecast::stlf (STL + ETS on the seasonally adjusted
# series, the package defaults) or forecast::tbats on every series of a long-format file
# series_id,t,value with season length M, the last H points held out. Writes the forecasts as
# series_id,step,value and prints the wall seconds spent fitting and forecasting.
# Usage: Rscript forecast_r_seasonal.R SERIES.csv H M stlf|tbats OUT.csv
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
h <- as.integer(args[2])
m <- as.integer(args[3])
method <- args[4]
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
groups <- split(d$value, factor(d$series_id, levels = unique(d$series_id)))
out <- vector("list", length(groups))
seconds <- 0
for (i in seq_along(groups)) {
  y <- groups[[i]]
  train <- ts(y[seq_len(length(y) - h)], frequency = m)
  start <- proc.time()[["elapsed"]]
  # stlf needs more than two cycles; on shorter series it is ETS, as mercato's stlf falls back.
  f <- if (method == "tbats") {
    forecast(tbats(train, use.parallel = FALSE), h = h)$mean
  } else if (length(train) > 2 * m) {
    stlf(train, h = h)$mean
  } else {
    forecast(ets(ts(as.numeric(train), frequency = 1)), h = h)$mean
  }
  seconds <- seconds + proc.time()[["elapsed"]] - start
  out[[i]] <- data.frame(series_id = names(groups)[i], step = seq_len(h), value = as.numeric(f))
}
write.csv(do.call(rbind, out), args[5], row.names = FALSE, quote = FALSE)
cat(sprintf("seconds %.3f\n", seconds))
