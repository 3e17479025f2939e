# Reference for bench/forecast_bench.py: R's forecast::ets (automatic, AICc) on every series of
# a long-format file series_id,t,value, the last H points held out. Writes the forecasts as
# series_id,step,value and prints the wall seconds spent in ets() + forecast().
# Usage: Rscript forecast_r_ets.R SERIES.csv H OUT.csv
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
h <- as.integer(args[2])
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
groups <- split(d$value, factor(d$series_id, levels = unique(d$series_id)))
out <- vector("list", length(groups))
seconds <- 0
for (i in seq_along(groups)) {
  y <- groups[[i]]
  train <- ts(y[seq_len(length(y) - h)], frequency = 1)
  start <- proc.time()[["elapsed"]]
  f <- forecast(ets(train), h = h)$mean
  seconds <- seconds + proc.time()[["elapsed"]] - start
  out[[i]] <- data.frame(series_id = names(groups)[i], step = seq_len(h), value = as.numeric(f))
}
write.csv(do.call(rbind, out), args[3], row.names = FALSE, quote = FALSE)
cat(sprintf("seconds %.3f\n", seconds))
