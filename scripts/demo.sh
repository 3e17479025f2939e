#!/usr/bin/env bash
# The demo behind `make demo`: generates a synthetic store, imports it, shows what it holds and
# what mercato makes of it: forecasts, reorder plan, price recommendations and their simulation,
# customer segments, recommendations per surface, the lift its recommendations holdout measured,
# the dashboard's report file, and ends with how to open the dashboard (an admin key to sign in
# with; no server is left running).
# Usage: scripts/demo.sh MERCATO_BINARY DEMO_DIR
set -euo pipefail
mercato="$1"
demo="$2"
# The first N lines of stdin, reading it all: `head` would stop reading early, and the command
# before it, killed by SIGPIPE, would end the demo under pipefail.
first() { awk -v n="$1" 'NR <= n'; }
mkdir -p "$demo"
rm -rf "$demo/store"
rm -f "$demo/mercato.db" "$demo/mercato.db-wal" "$demo/mercato.db-shm"

echo "== generating a synthetic store (20,000 customers, 2 years) into $demo/store,"
echo "   with a recommendations holdout in its last quarter (recommendations add 10% purchase occasions)"
"$mercato" generate --out "$demo/store" --customers 20000 --days 730 --seed 42 --recommendation-lift 0.1
echo "== importing it into $demo/mercato.db"
"$mercato" import --db "$demo/mercato.db" --format generic "$demo/store"
echo "== the holdout experiment (recs-holdout) and its exposures"
"$mercato" experiments import --db "$demo/mercato.db" "$demo/store/experiments.json" \
  "$demo/store/experiment_exposures.csv"
echo "== what the store holds"
"$mercato" stats --db "$demo/mercato.db"
echo "== demand forecast, next 8 weeks per SKU with P50/P90/P95 (full CSV in $demo/forecast.csv)"
"$mercato" forecast --db "$demo/mercato.db" --horizon 8w --out "$demo/forecast.csv"
echo "   all SKUs, units per week (P50 sum / P90 sum):"
awk -F, 'NR > 1 && $1 != "" { p50[$3] += $4; p90[$3] += $5 } END { for (w in p50) printf "     %s %9.0f %9.0f\n", w, p50[w], p90[w] }' \
  "$demo/forecast.csv" | sort
echo "   top 5 SKUs by 8-week P50 (sku, units, model, demand class):"
awk -F, 'NR > 1 && $1 != "" { u[$1] += $4; m[$1] = $7; c[$1] = $8 } END { for (s in u) printf "%s,%.0f,%s,%s\n", s, u[s], m[s], c[s] }' \
  "$demo/forecast.csv" | sort -t, -k2,2nr | first 5 | awk -F, '{ printf "     %-10s %6s  %-8s %s\n", $1, $2, $3, $4 }'
echo "== reorder plan at a 95% cycle service level (full CSV in $demo/reorder_plan.csv)"
"$mercato" inventory plan --db "$demo/mercato.db" --service-level 0.95 --out "$demo/reorder_plan.csv"
echo "   top reorder lines (sku, location, on hand, on order, reorder point, order qty, order by, supplier):"
awk -F, 'NR > 1 && $8 == "reorder_now" { print $6 "," $0 }' "$demo/reorder_plan.csv" |
  sort -t, -k1,1nr | first 10 |
  awk -F, '{ printf "     %-10s %-4s %6s %6s %6s %6s  %s  %s\n", $2, $3, $4, $5, $6, $7, $8, $14 }'
awk -F, 'NR > 1 && $18 > 0 { n++ } END { printf "   SKUs with excess stock: %d\n", n }' "$demo/reorder_plan.csv"
echo "== price recommendations within the rules: expected profit; >= 10% margin, <= 10% a change,"
echo "   7 days between changes, .99 endings, <= 5% above the lowest competitor, no markdown where a"
echo "   stock-out is projected (full JSON in $demo/price_recommendations.json)"
"$mercato" pricing recommend --db "$demo/mercato.db" --max-above-competitor-pct 5 --json \
  --out "$demo/price_recommendations.json"
python3 - "$demo/price_recommendations.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = r["expected"]
print(f"   {r['n_changed']} of {r['n_products']} SKUs change; expected a week: units "
      f"{e['units_change']:+.0f}, revenue {e['revenue_change']:+.0f}, profit {e['profit_change']:+.0f}")
print("   top 8 by expected weekly profit (sku, price -> recommended, profit a week [90% interval], binding rule):")
for x in [x for x in r["recommendations"] if x["profit_change"] is not None][:8]:
    print(f"     {x['sku']:<10} {x['current_price']:7.2f} -> {x['recommended_price']:7.2f} "
          f"{x['profit_change']:+8.2f} [{x['profit_change_low']:+.2f}, {x['profit_change_high']:+.2f}]  "
          f"{x['binding_rule'] or '-'}")
PY
echo "== those rules replayed over the next 13 weeks against the planted elasticities (truth.json):"
echo "   mercato's prices, the oracle's (knowing the truth), static prices, matching the lowest competitor"
"$mercato" pricing simulate --db "$demo/mercato.db" --truth "$demo/store/truth.json" --days 91 \
  --max-above-competitor-pct 5 --json --out "$demo/price_simulation.json"
python3 - "$demo/price_simulation.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"   {'policy':<17} {'profit':>12} {'revenue':>12} {'units':>9} {'changes':>8} {'violations':>10}")
for name, p in r["policies"].items():
    print(f"   {name:<17} {p['profit']:12.0f} {p['revenue']:12.0f} {p['units']:9.0f} "
          f"{p['price_changes']:8d} {p['rule_violations']:10d}")
share = r["mercato_share_of_oracle_profit"]
print(f"   mercato earns {100 * share:.1f}% of the oracle's profit" if share is not None else "")
PY
echo "== customer intelligence: RFM segments, lifecycle stages, behavioural clusters"
"$mercato" customers segment --db "$demo/mercato.db"
echo "   win-back due within 7 days (highest CLV first; full list: mercato customers list --help):"
"$mercato" customers list --db "$demo/mercato.db" --stage at-risk --winback-due-within 7d --limit 5 |
  awk -F, 'NR == 1 { printf "     %-12s %-18s %8s %10s %12s %14s\n", "customer", "segment", "p_alive", "clv", "lapse date", "win-back start"; next }
            { printf "     %-12s %-18s %8.3f %10.2f %12s %14s\n", $1, $2, $9, $14, $15, $16 }'
"$mercato" customers export-esp --db "$demo/mercato.db" --out "$demo/esp_export.csv"
echo "== recommendations: every model trained into $demo/mercato.db.artifacts"
"$mercato" train recommend --db "$demo/mercato.db"
# A customer who allows personalization: the first active one whose list is personalized.
customer=""
for c in $("$mercato" customers list --db "$demo/mercato.db" --stage active --limit 50 | awk -F, 'NR > 1 { print $1 }'); do
  list=$("$mercato" recommend user "$c" --db "$demo/mercato.db" --k 1 --json)
  if [[ "$list" == *'"personalized": true'* ]]; then
    customer="$c"
    break
  fi
done
echo "   home page and email, for customer $customer:"
"$mercato" recommend user "$customer" --db "$demo/mercato.db" --k 5 | sed 's/^/     /'
two=$("$mercato" recommend user "$customer" --db "$demo/mercato.db" --k 2 --json)
sku=$(awk -F'"' '/"sku":/ { if (++n == 1) print $4 }' <<<"$two")
second=$(awk -F'"' '/"sku":/ { if (++n == 2) print $4 }' <<<"$two")
echo "   product page of $sku, related items:"
"$mercato" recommend item "$sku" --kind related --db "$demo/mercato.db" --k 3 | sed 's/^/     /'
echo "   product page of $sku, bought together:"
"$mercato" recommend item "$sku" --kind complementary --db "$demo/mercato.db" --k 3 | sed 's/^/     /'
echo "   cart holding $sku and $second:"
"$mercato" recommend cart "$sku" "$second" --db "$demo/mercato.db" --k 3 | sed 's/^/     /'
order=$(awk -F, -v c="$customer" '$2 == c { o = $1 } END { print o }' "$demo/store/orders.csv")
echo "   after order $order (post-purchase email):"
"$mercato" recommend post-purchase "$order" --db "$demo/mercato.db" --k 3 | sed 's/^/     /'
echo "   abandoned carts, newest first (full list: mercato carts abandoned --help):"
"$mercato" carts abandoned --db "$demo/mercato.db" --limit 3 | cut -c1-160 | sed 's/^/     /'
echo "== retention journeys (mercato journeys list): cart recovery, win-back, VIP, post-purchase cross-sell"
"$mercato" journeys list | sed 's/^/   /'
# The synthetic store ends on its last day: the journeys are evaluated there, not today.
as_of=$("$mercato" stats --db "$demo/mercato.db" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["orders_range"]["last"])')
echo "   what they would send at $as_of (dry run: nothing written; [holdout] = entered, no message):"
"$mercato" journeys run --db "$demo/mercato.db" --dry-run --as-of "$as_of" > "$demo/journeys.txt"
sed -n '2,5p' "$demo/journeys.txt" | sed 's/^/     /'
for journey in cart_recovery win_back vip post_purchase; do
  grep -E "^(would send|\[holdout\]) +$journey " "$demo/journeys.txt" | head -4 | cut -c1-150 | sed 's/^/     /' || true
done
echo "   (full list in $demo/journeys.txt; \`serve --journeys-every 15m\` runs them on a clock)"
echo "   the journeys that ship off, on the storefront's events (checkout, back in stock, price drop, browse):"
"$mercato" journeys run --db "$demo/mercato.db" --dry-run --as-of "$as_of" \
  --journeys checkout_recovery,back_in_stock,price_drop,browse_abandonment > "$demo/journeys_storefront.txt"
sed -n '2,5p' "$demo/journeys_storefront.txt" | sed 's/^/     /'
for journey in checkout_recovery back_in_stock price_drop browse_abandonment; do
  grep -E "^(would send|\[holdout\]) +$journey " "$demo/journeys_storefront.txt" | head -2 | cut -c1-150 | sed 's/^/     /' || true
done
echo "   the four default journeys run for real at $as_of (journey log, holdout exposures and messages into the outbox; the dashboard's Journeys page shows them):"
"$mercato" journeys run --db "$demo/mercato.db" --as-of "$as_of" | grep "^written:" | sed 's/^/     /'
echo "== what recommendations earned, measured against the holdout (mercato report lift)"
"$mercato" report lift --db "$demo/mercato.db" | sed 's/^/   /'
echo "== the dashboard as one file, for sharing without a server: $demo/report.html"
"$mercato" report --db "$demo/mercato.db" --out "$demo/report.html"
echo "== the dashboard"
admin_key=$("$mercato" keys create --db "$demo/mercato.db" --scope admin --name "demo dashboard")
echo "   start the server (Ctrl-C stops it):"
echo "     $mercato serve --db $demo/mercato.db --port 8080"
echo "   then open http://127.0.0.1:8080/ and sign in with the admin key $admin_key"
echo "   (shown only now; \`$mercato keys list --db $demo/mercato.db\` lists the keys, \`keys revoke\` ends one)"
