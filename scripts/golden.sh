#!/usr/bin/env bash
# The golden comparison: runs every CLI command and every API route of one mercato binary on a
# small generated store (and the repo's import fixtures) and writes each result to its own file in
# OUT_DIR: a command's line, stdout, stderr and exit code, the files it wrote with --out, a route's
# status, headers and body. What legitimately differs from run to run (clock times, durations,
# key ids and secrets, the work folder, the port, latency histograms) is normalized, so two runs of
# one binary give identical folders and `diff -r OUT_A OUT_B` of two binaries is the comparison.
# Every command found in the --help tree must be exercised below, or the script fails naming it.
# Usage: scripts/golden.sh MERCATO_BIN OUT_DIR   (needs curl, python3, openssl; a few minutes)
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 MERCATO_BIN OUT_DIR" >&2
  exit 2
fi
bin="$(realpath "$1")"
out="$(realpath -m "$2")"
repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/fuzz/corpus"
[ -x "$bin" ] || { echo "golden: $bin is not an executable" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out/cli" "$out/help" "$out/files" "$out/api"
work="$(mktemp -d /tmp/mercato-golden.XXXXXX)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT
cd "$work"
export TZ=UTC LC_ALL=C
today="$(date -u +%Y-%m-%d)"

# --- normalization -------------------------------------------------------------------------------
# Exact secrets learnt during the run (key ids, keys) become stable names; then the patterns.
replacements=()
learn() { replacements+=("$1" "$2"); }
normalize() {
  local f="$1" i
  for ((i = 0; i < ${#replacements[@]}; i += 2)); do
    sed -i "s|${replacements[i]}|${replacements[i + 1]}|g" "$f"
  done
  sed -i -E \
    -e "s|$work|<work>|g" \
    -e "s|$repo|<repo>|g" \
    -e 's/("(seconds|elapsed_seconds|duration_seconds|train_seconds|train_s|fit_seconds|import_seconds)"): *[0-9.e+-]+/\1: <seconds>/g' \
    -e 's/\b[0-9]+\.[0-9]+ ?s\b/<seconds>/g' \
    -e 's/\([0-9]+ rows\/s\)/(<rate> rows\/s)/g' \
    -e 's/("(created_at|loaded_at|trained_at|generated_at|revoked_at|last_used_at|expires_at)"): *"[^"]*"/\1: "<time>"/g' \
    -e 's/\bv1\.(customer|order)\.[0-9]+\.([A-Za-z0-9_-]*)\.[0-9a-f]{64}\b/v1.\1.<expires>.\2.<signature>/g' \
    -e 's/(it expires at) [0-9T:Z-]+$/\1 <time>/' \
    -e 's/("(created_at|loaded_at|trained_at|generated_at|revoked_at|last_used_at)"): *[0-9]+/\1: <time>/g' \
    -e 's/^(mercato_model_loaded_timestamp_seconds) [0-9]+$/\1 <time>/' \
    -e 's/^(mercato_ingestion_lag_seconds) [0-9]+$/\1 <seconds>/' \
    -e 's/^(mercato_http_request_duration_seconds_(bucket|sum|count)\{.*\}) [0-9.e+-]+$/\1 <latency>/' \
    -e 's/^(mercato_model_reloads_total) [0-9]+$/\1 <reloads>/' \
    -e 's/("model_version": ?"|version="|\(models )[0-9a-f]{16}/\1<model-version>/g' \
    -e 's/^(Age): [0-9]+/\1: <age>/' \
    -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:<port>/g' \
    -e "s/\\b$today[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?/<now>/g" \
    "$f"
}

# --- running commands ----------------------------------------------------------------------------
exercised=()
# cli NAME ARGS...: runs `mercato ARGS...` in the work folder into cli/NAME.txt.
cli() {
  local name="$1"
  shift
  local f="$out/cli/$name.txt" rc=0
  "$bin" "$@" > "$work/.stdout" 2> "$work/.stderr" < /dev/null || rc=$?
  {
    echo "\$ mercato $*"
    cat "$work/.stdout"
    echo "--- stderr"
    cat "$work/.stderr"
    echo "--- exit $rc"
  } > "$f"
  normalize "$f"
  exercised+=("$(command_path "$@")")
  # The backtest's and the evaluation's tables end in each model's fitting time.
  if [ "${1:-} ${2:-}" = "forecast backtest" ] || [ "${1:-} ${2:-}" = "eval recommend" ]; then
    sed -i -E 's/^( *[a-z][a-z_0-9]*( +[0-9.]+)+) +[0-9.]+$/\1 <seconds>/' "$f"
  fi
}
# command_path ARGS...: the subcommand words at the front of ARGS ("customers list").
command_path() {
  local words=() a
  for a in "$@"; do
    case "$a" in
      -*) break ;;
      *) if is_command "${words[*]:+${words[*]} }$a"; then words+=("$a"); else break; fi ;;
    esac
  done
  echo "${words[*]}"
}
is_command() { grep -qxF "$1" "$work/.commands"; }
# keep FILE NAME: a file a command wrote, into files/NAME.
keep() {
  cp "$work/$1" "$out/files/$2"
  normalize "$out/files/$2"
}

# --- the command tree, from --help -------------------------------------------------------------------
# Each command's help goes into help/; its subcommands are the words under "SUBCOMMANDS:".
: > "$work/.commands"
walk_help() {
  local path="$1" name sub
  name="${path:-mercato}"
  # shellcheck disable=SC2086
  "$bin" $path --help > "$out/help/${name// /_}.txt" 2>&1 || true
  [ -n "$path" ] && echo "$path" >> "$work/.commands"
  for sub in $(awk 'toupper($0) ~ /^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' \
    "$out/help/${name// /_}.txt"); do
    walk_help "${path:+$path }$sub"
  done
}
walk_help ""
cli version --version
cli no-command
cli unknown-command no-such-command

# --- a generated store ----------------------------------------------------------------------------
cli generate generate --out store --customers 1500 --days 730 --seed 7
cli generate-json generate --out store-json --customers 300 --days 90 --seed 3 --start 2024-01-01 \
  --skus 120 --json
(cd store && sha256sum $(find . -type f | sort)) > "$out/files/generated-store.sha256"
cli generate-bad-days generate --out bad --days 0

# --- import --------------------------------------------------------------------------------------
cli formats formats
for f in $(awk 'NR > 1 && $1 ~ /^[a-z][a-z-]*$/ { print $1 }' "$out/cli/formats.txt"); do
  cli "formats-$f" formats "$f"
done
cli formats-unknown formats no_such_format
cli import import --db store.db --format generic store
cli import-json import --db json.db --format generic --json store-json
cli import-strict-bad import --db strict.db --format generic --strict "$fixtures/generic_orders"
cli import-unknown-format import --db x.db --format nope store
cli import-missing-path import --db x.db --format generic no/such/folder
cli import-online-retail import --db retail.db --format online-retail --json \
  "$fixtures/online_retail/invoices.csv" "$fixtures/online_retail/extremes.csv"
cli import-interactions import --db interactions.db --format interactions --json \
  "$fixtures/interactions/movielens.tsv"
cli import-shopify-products import --db shopify.db --format shopify-products --json \
  "$fixtures/shopify_products/products_current.csv"
cli import-shopify-customers import --db shopify.db --format shopify-customers --json \
  "$fixtures/shopify_customers/customers_current.csv"
cli import-shopify-orders import --db shopify.db --format shopify-orders --json \
  "$fixtures/shopify_orders/orders_export.csv"
cli stats-shopify stats --db shopify.db --json

# --- what the store holds ---------------------------------------------------------------------------
cli stats stats --db store.db
cli stats-json stats --db store.db --json --top 3
cli stats-missing-db stats --db no-such.db

# Ids from the generated store, for the commands and routes that take one.
csv_col() { python3 -c 'import csv,sys; r=csv.DictReader(open(sys.argv[1])); print("\n".join(x[sys.argv[2]] for x in r))' "$@"; }
customer="$(csv_col store/orders.csv customer_id | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 1 { print $2 }')"
customer2="$(csv_col store/orders.csv customer_id | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 2 { print $2 }')"
sku="$(csv_col store/order_lines.csv sku | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 1 { print $2 }')"
sku2="$(csv_col store/order_lines.csv sku | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 2 { print $2 }')"
order="$(awk -F, 'NR == 2 { print $1 }' store/orders.csv)"
echo "customer=$customer customer2=$customer2 sku=$sku sku2=$sku2 order=$order" > "$out/files/ids.txt"

# --- customers -----------------------------------------------------------------------------------------
cli clv-fit clv fit --db store.db
cli clv-fit-json clv fit --db store.db --models bgnbd,pareto_nbd --l2 0.01 --json
cli clv-fit-summary clv fit --summary "$repo/../shared/data/cdnow/cdnow_customers_summary.csv" --json
cli clv-predict clv predict --db store.db --horizon 26 --discount-rate 0.01 --json
cli clv-predict-text clv predict --db store.db --calibration-end 2023-10-01
cli clv-no-source clv fit
cli customers-segment customers segment --db store.db
cli customers-segment-json customers segment --db store.db --json --no-clusters --model bgnbd
cli customers-segment-out customers segment --db store.db --out segments.csv
keep segments.csv customers-segments.csv
cli customers-list customers list --db store.db --limit 20
cli customers-list-json customers list --db store.db --stage at-risk --winback-due-within 30d \
  --limit 10 --json
cli customers-list-segment customers list --db store.db --segment Champions --out champions.csv
keep champions.csv customers-champions.csv
cli customers-list-bad-stage customers list --db store.db --stage nope
cli customers-vip customers vip --db store.db --limit 10
cli customers-vip-json customers vip --db store.db --limit 10 --json
cli customers-export-esp customers export-esp --db store.db --out esp.csv
keep esp.csv customers-esp.csv
echo '{"jurisdictions": [{"name": "strict", "countries": ["US", "GB", "DE"],
  "defaults": {"email_marketing": "opt_in", "personalization": "opt_in"}}]}' > policy.json
cli customers-export-esp-policy customers export-esp --db store.db --out esp2.csv \
  --consent-policy policy.json
[ -f esp2.csv ] && keep esp2.csv customers-esp-policy.csv

# --- forecast and inventory -------------------------------------------------------------------------
cli forecast forecast --db store.db --horizon 4w
cli forecast-json forecast --db store.db --horizon 28d --by day --model ets --json
cli forecast-out forecast --db store.db --horizon 8w --model class --out forecast.csv
keep forecast.csv forecast.csv
cli forecast-bad-model forecast --db store.db --horizon 4w --model nope
cli forecast-backtest forecast backtest --db store.db --horizon 4w --origins 2 --json --per-sku
python3 - > series.csv << 'EOF'
import math
print("series_id,t,value")
for s in range(3):
    for t in range(60):
        print(f"s{s},{t},{10 + s + 3 * math.sin(t * 2 * math.pi / 12) + (t % 5):.3f}")
EOF
cli forecast-backtest-series forecast backtest --series series.csv --horizon 6 --season 12
cli inventory-plan inventory plan --db store.db --service-level 0.9
cli inventory-plan-json inventory plan --db store.db --fill-rate 0.98 --holding-rate 0.2 \
  --ordering-cost 25 --max-cover-days 60 --json
cli inventory-plan-out inventory plan --db store.db --store-fill-rate 0.97 --out plan.csv
keep plan.csv inventory-plan.csv
cli inventory-plan-bad inventory plan --db store.db --service-level 1.5
cli inventory-simulate inventory simulate --db store.db --days 28 --replan-days 7 --seed 3
cli inventory-simulate-minmax inventory simulate --db store.db --policy minmax:5:20 --days 28 \
  --json

# --- recommendations ---------------------------------------------------------------------------------
cli eval-recommend eval recommend --db store.db --split time --holdout-days 30 --k 10 --models popularity,sar,als
cli eval-recommend-json eval recommend --db store.db --split random --test-fraction 0.2 --seed 5 \
  --json --models popularity,trending
cli eval-recommend-interactions eval recommend --interactions "$fixtures/interactions/header.tsv" \
  --sep TAB --split random --json --models popularity
cli train-recommend train recommend --db store.db --seed 1 --json
cli train-recommend-text train recommend --db json.db --artifacts json.artifacts
cli recommend-untrained recommend user "$customer" --db retail.db
cli recommend-user recommend user "$customer" --db store.db
cli recommend-user-json recommend user "$customer" --db store.db --k 5 --json --in-stock \
  --exclude-purchased --max-per-brand 1 --max-per-category 2
cli recommend-user-unknown recommend user no-such-customer --db store.db --json
cli recommend-item recommend item "$sku" --db store.db --json
cli recommend-item-complementary recommend item "$sku" --db store.db --kind complementary --k 4
cli recommend-item-model recommend item "$sku" --db store.db --model als --min-price 1 \
  --max-price 500 --exclude "$sku2" --json
cli recommend-cart recommend cart "$sku" "$sku2" --db store.db --customer "$customer" \
  --exclude-purchased --json
cli recommend-post-purchase recommend post-purchase "$order" --db store.db --json
cli recommend-bad-k recommend user "$customer" --db store.db --k 0
cli campaign-csv campaign recommendations --db store.db --out campaign.csv --k 3
keep campaign.csv campaign.csv
cli campaign-jsonl campaign recommendations --db store.db --out campaign.jsonl --segment at-risk
keep campaign.jsonl campaign.jsonl

# --- keys and privacy ----------------------------------------------------------------------------------
key_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }
# Keys are listed newest first; a second apart, their order does not hang on their random ids.
"$bin" keys create --db store.db --scope admin --name ops --json > admin.json
sleep 1
"$bin" keys create --db store.db --scope storefront --name web --json > storefront.json
sleep 1
admin_key="$(key_field admin.json key)"
storefront_key="$(key_field storefront.json key)"
learn "$admin_key" "<admin-key>"
learn "$(key_field admin.json id)" "<admin-key-id>"
learn "$storefront_key" "<storefront-key>"
learn "$(key_field storefront.json id)" "<storefront-key-id>"
cli keys-create keys create --db store.db --scope storefront --name spare
spare_id="$(sed -n 's/.*\(mk_[A-Za-z0-9]\{12\}\).*/\1/p' "$work/.stdout" | head -1)"
spare_id="${spare_id#mk_}"
learn 'mk_[A-Za-z0-9_-]\{20,\}' "<other-key>"
[ -n "$spare_id" ] && learn "$spare_id" "<spare-key-id>"
normalize "$out/cli/keys-create.txt"
cli keys-create-json-shape keys create --db keys-only.db --scope admin --json
learn "$(key_field "$work/.stdout" id)" "<keys-only-key-id>"
normalize "$out/cli/keys-create-json-shape.txt"
cli keys-create-bad-scope keys create --db store.db --scope root
cli keys-list keys list --db store.db
cli keys-list-json keys list --db store.db --json
cli keys-revoke keys revoke --db store.db "$spare_id"
cli keys-revoke-unknown keys revoke --db store.db abcdefabcdef

# Customer and order tokens, signed with a fixed secret (the server below verifies with it).
printf 'golden-token-secret-golden-token-secret\n' > token.secret
cli tokens-create tokens create --customer "$customer" --ttl 600 --token-secret-file token.secret
cli tokens-create-json tokens create --order "$order" --json --token-secret-file token.secret
cli tokens-create-no-secret tokens create --customer "$customer"
cli tokens-create-both tokens create --customer "$customer" --order "$order" --token-secret-file token.secret
cli tokens-create-long tokens create --customer "$customer" --ttl 999999 --token-secret-file token.secret
customer_token="$("$bin" tokens create --customer "$customer" --token-secret-file token.secret 2>/dev/null || true)"
order_token="$("$bin" tokens create --order "$order" --token-secret-file token.secret 2>/dev/null || true)"
cli keys-list-after-revoke keys list --db store.db --json
cli privacy-export privacy export --db store.db --customer "$customer2"
cli privacy-export-out privacy export --db store.db --customer "$customer2" --out export.json
keep export.json privacy-export.json
cli privacy-export-unknown privacy export --db store.db --customer no-such-customer

# --- the API ------------------------------------------------------------------------------------------
# serve_start NAME ARGS...: starts `mercato serve --port 0 ARGS...`, waits for its port.
port=""
serve_start() {
  local name="$1"
  shift
  "$bin" serve --port 0 "$@" > "$work/$name.log" 2>&1 &
  server_pid=$!
  local i
  for i in $(seq 1 600); do
    port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/$name.log")"
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "golden: mercato serve did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}
serve_stop() {
  stop_server
  cp "$work/$1.log" "$out/api/$1.server-log.txt"
  normalize "$out/api/$1.server-log.txt"
}
# api NAME METHOD PATH KEY [BODY] [CURL_ARGS...]: one request into api/NAME.txt.
api() {
  local name="$1" method="$2" path="$3" key="$4" body="${5:-}"
  shift 4
  [ $# -gt 0 ] && shift
  local args=(-sS -X "$method" -D "$work/.headers" -o "$work/.body" --max-time 300)
  [ -n "$key" ] && args+=(-H "Authorization: Bearer $key")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$@" "http://127.0.0.1:$port$path" || echo "curl failed: $?" > "$work/.body"
  local f="$out/api/$name.txt"
  {
    echo "$method $path"
    tr -d '\r' < "$work/.headers" | grep -viE '^(date|content-length|keep-alive|connection):'
    cat "$work/.body"
    echo
  } > "$f"
  normalize "$f"
}

# An untrained store behind a strict rate limit: 503 for recommendations, 429 past the burst.
cp retail.db untrained.db
serve_start untrained --db untrained.db --artifacts untrained.artifacts --rate-limit 0.001 --rate-burst 2
api untrained-readyz GET /readyz ""
"$bin" keys create --db untrained.db --scope admin --name u --json > untrained-key.json
untrained_key="$(key_field untrained-key.json key)"
learn "$untrained_key" "<untrained-key>"
learn "$(key_field untrained-key.json id)" "<untrained-key-id>"
api untrained-user GET /v1/recommendations/user/x "$untrained_key"
api untrained-rate-2 GET /v1/recommendations/user/x "$untrained_key"
api untrained-rate-3 GET /v1/recommendations/user/x "$untrained_key"
serve_stop untrained

printf 'golden-shopify-secret\n' > shopify.secret
# A binary from before customer tokens (compared against a newer one) serves without them.
token_args=()
if "$bin" serve --help | grep -q -- --token-secret-file; then
  token_args=(--token-secret-file token.secret)
fi
serve_start serve --db store.db --cors-origin https://shop.example --max-body 65536 \
  --shopify-secret-file shopify.secret --planning-cache 300 --abandon-after 60 --threads 8 \
  "${token_args[@]}"
S="$storefront_key"
A="$admin_key"

api healthz GET /healthz ""
api readyz GET /readyz ""
api openapi GET /v1/openapi.json "$S"
api no-key GET /v1/recommendations/user/"$customer" ""
api bad-key GET /v1/recommendations/user/"$customer" "mk_000000000000_nope"
api wrong-scope GET /v1/customers/"$customer" "$S"
api unknown-route GET /v1/nothing-here "$S"
api wrong-method DELETE /v1/recommendations/cart "$S"
api too-large POST /v1/events "$S" "{\"events\": [\"$(head -c 70000 /dev/zero | tr '\0' 'x')\"]}"
api malformed-json POST /v1/events "$S" '{"events": ['
api preflight OPTIONS /v1/recommendations/cart "" "" -H 'Origin: https://shop.example' \
  -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: authorization'
api preflight-other-origin OPTIONS /v1/recommendations/cart "" "" -H 'Origin: https://evil.example' \
  -H 'Access-Control-Request-Method: POST'
api cors-get GET "/v1/recommendations/item/$sku?k=3" "$S" "" -H 'Origin: https://shop.example'
api cors-bad-origin GET "/v1/recommendations/item/$sku?k=3" "$S" "" -H 'Origin: https://evil.example'

api rec-user GET "/v1/recommendations/user/$customer?k=8&in_stock=true&exclude_purchased=true" "$S"
api rec-user-filters GET "/v1/recommendations/user/$customer?k=5&model=als&max_per_brand=1&max_per_category=2&min_price=1&max_price=1000&exclude=$sku" "$S"
api rec-user-unknown GET "/v1/recommendations/user/no-such-customer" "$S"
api rec-user-bad-k GET "/v1/recommendations/user/$customer?k=0" "$S"
api rec-user-bad-model GET "/v1/recommendations/user/$customer?model=nope" "$S"
api rec-item GET "/v1/recommendations/item/$sku?k=4" "$S"
api rec-item-complementary GET "/v1/recommendations/item/$sku?kind=complementary&k=4&customer_id=$customer&exclude_purchased=true" "$S"
api rec-item-unknown GET "/v1/recommendations/item/no-such-sku" "$S"
api rec-cart POST "/v1/recommendations/cart?k=6&max_per_brand=2" "$S" \
  "{\"skus\": [\"$sku\", \"$sku2\"], \"customer_id\": \"$customer\"}"
api rec-cart-empty POST "/v1/recommendations/cart" "$S" '{"skus": []}'
api rec-post-purchase GET "/v1/recommendations/post-purchase/$order" "$S"
api rec-post-purchase-unknown GET "/v1/recommendations/post-purchase/no-such-order" "$S"
api rec-user-token GET "/v1/recommendations/user/$customer?k=8&exclude_purchased=true" "$S" "" \
  -H "X-Customer-Token: $customer_token"
api rec-user-other-token GET "/v1/recommendations/user/$customer2?k=8" "$S" "" \
  -H "X-Customer-Token: $customer_token"
api rec-post-purchase-token GET "/v1/recommendations/post-purchase/$order" "$S" "" \
  -H "X-Order-Token: $order_token"
api rec-user-admin GET "/v1/recommendations/user/$customer?k=8&exclude_purchased=true" "$A"
api mint-token POST /v1/customer-tokens "$A" "{\"customer_id\": \"$customer\", \"ttl_seconds\": 600}"
api mint-token-bad POST /v1/customer-tokens "$A" '{"customer_id": "c", "order_id": "o"}'
api mint-token-storefront POST /v1/customer-tokens "$S" '{"customer_id": "c"}'
api events POST /v1/events "$S" "{\"events\": [
  {\"type\": \"view\", \"session_id\": \"s-golden\", \"sku\": \"$sku\", \"ts\": \"2025-01-02T10:00:00Z\"},
  {\"type\": \"add_to_cart\", \"session_id\": \"s-golden\", \"customer_id\": \"$customer\", \"sku\": \"$sku2\", \"ts\": \"2025-01-02T10:01:00Z\"},
  {\"type\": \"search\", \"session_id\": \"s-golden\", \"query\": \"mug\", \"ts\": 1735812120}]}"
api events-retry POST /v1/events "$S" "{\"events\": [
  {\"type\": \"view\", \"session_id\": \"s-golden\", \"sku\": \"$sku\", \"ts\": \"2025-01-02T10:00:00Z\"}]}"
api events-bad-type POST /v1/events "$S" '{"events": [{"type": "teleport", "session_id": "s"}]}'
api rec-session GET "/v1/recommendations/session/s-golden?k=6" "$S"
api rec-session-unknown GET "/v1/recommendations/session/no-such-session" "$S"

api customer GET "/v1/customers/$customer" "$A"
api customer-unknown GET "/v1/customers/no-such-customer" "$A"
api customer-export GET "/v1/customers/$customer2/export" "$A"
api consent POST "/v1/customers/$customer/consents" "$A" '{"purpose": "personalization", "granted": false}'
api consent-bad POST "/v1/customers/$customer/consents" "$A" '{"purpose": "nope", "granted": 3}'
api rec-user-after-consent GET "/v1/recommendations/user/$customer?k=4" "$S"
api segment-at-risk GET /v1/segments/at-risk/customers "$A"
api segment-champions GET "/v1/segments/Champions/customers" "$A"
api segment-unknown GET /v1/segments/nope/customers "$A"
api upsert-products POST /v1/products "$A" '{"products": [{"sku": "GOLDEN-1", "title": "Mug", "price": 12}]}'
api upsert-orders-bad POST /v1/orders "$A" '{"orders": [{"id": "GOLDEN-O2", "lines": {}}]}'
api upsert-products-bad POST /v1/products "$A" '{"products": [{"title": "no sku"}]}'
api upsert-customers POST /v1/customers "$A" '{"customers": [{"id": "GOLDEN-C1", "email": "a@example.com", "country": "DE"}]}'
api upsert-orders POST /v1/orders "$A" '{"orders": [{"id": "GOLDEN-O1", "customer_id": "GOLDEN-C1", "ts": "2025-01-02T10:00:00Z", "lines": [{"sku": "GOLDEN-1", "quantity": 2, "unit_price": 12}]}]}'
api forecasts GET "/v1/forecasts?horizon=4w&model=class&sku=$sku" "$A"
api forecasts-cached GET "/v1/forecasts?horizon=4w&model=class&sku=$sku" "$A"
api forecasts-fresh GET "/v1/forecasts?horizon=4w&model=class&sku=$sku" "$A" "" -H 'Cache-Control: no-cache'
api forecasts-bad GET "/v1/forecasts?horizon=soon" "$A"
api plan GET "/v1/inventory/plan?service_level=0.95" "$A"
api plan-options GET "/v1/inventory/plan?fill_rate=0.98&holding_rate=0.2&ordering_cost=25&max_cover_days=60&model=ets" "$A"
api plan-bad GET "/v1/inventory/plan?service_level=2" "$A"

# Shopify webhooks (the fuzz corpus' payloads, whose first byte picks the fuzzer's topic), signed
# with the secret above; a bad signature and a redelivery besides.
webhook() {
  local name="$1" topic="$2" id="$4" sig
  tail -c +2 "$3" > webhook.json
  sig="$(openssl dgst -sha256 -hmac golden-shopify-secret -binary < webhook.json | base64)"
  api "$name" POST /v1/webhooks/shopify "" "" --data-binary @webhook.json \
    -H 'Content-Type: application/json' -H "X-Shopify-Topic: $topic" \
    -H "X-Shopify-Hmac-Sha256: ${5:-$sig}" -H "X-Shopify-Event-Id: $id"
}
hooks="$fixtures/shopify_webhooks"
webhook webhook-orders-create orders/create "$hooks/orders_create" golden-1
webhook webhook-redelivery orders/create "$hooks/orders_create" golden-1
webhook webhook-bad-signature orders/create "$hooks/orders_create" golden-2 AAAA
webhook webhook-orders-updated orders/updated "$hooks/orders_updated_refunded" golden-3
webhook webhook-refunds-create refunds/create "$hooks/refunds_create" golden-4
webhook webhook-checkouts-create checkouts/create "$hooks/checkouts_create" golden-5
webhook webhook-carts-update carts/update "$hooks/carts_update" golden-6
webhook webhook-customers-create customers/create "$hooks/customers_create_no_email" golden-7
webhook webhook-customers-update customers/update "$hooks/customers_update" golden-8
webhook webhook-customers-data-request customers/data_request "$hooks/customers_data_request" golden-9
webhook webhook-customers-redact customers/redact "$hooks/customers_redact" golden-10
webhook webhook-other-topic app/uninstalled "$hooks/orders_create" golden-11

api erase DELETE "/v1/customers/$customer2" "$A"
api erase-again DELETE "/v1/customers/$customer2" "$A"
api customer-after-erase GET "/v1/customers/$customer2" "$A"
api rec-user-after-erase GET "/v1/recommendations/user/$customer2" "$S"
api metrics GET /metrics "$A"
api metrics-storefront GET /metrics "$S"
webhook webhook-shop-redact shop/redact "$hooks/shop_redact" golden-12
api readyz-after-shop-redact GET /readyz ""
serve_stop serve

# --- what the CLI changes last: erasure ----------------------------------------------------------------
cli privacy-erase privacy erase --db store.db --customer "$customer"
cli privacy-erase-again privacy erase --db store.db --customer "$customer"
cli privacy-export-after-erase privacy export --db store.db --customer "$customer"
cli stats-after stats --db store.db --json
cli serve-missing-db serve --db no-such.db
cli serve-bad-secret serve --db store.db --shopify-secret-file no-such-file

# Every command in the --help tree has been run at least once (a parent with subcommands counts
# when one of them ran), so a command added later fails here until it is covered.
missing=()
while read -r command; do
  found=""
  for e in "${exercised[@]}"; do
    if [ "$e" = "$command" ] || [[ "$e" == "$command "* ]]; then found=1; fi
  done
  [ -z "$found" ] && missing+=("$command")
done < "$work/.commands"
if [ ${#missing[@]} -gt 0 ]; then
  printf 'golden: not exercised: %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "golden: $(find "$out" -type f | wc -l) files in $out"
