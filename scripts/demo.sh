#!/usr/bin/env bash
# The demo behind `make demo`: generates a synthetic store, imports it, shows what it holds.
# Usage: scripts/demo.sh MERCATO_BINARY DEMO_DIR
set -euo pipefail
mercato="$1"
demo="$2"
mkdir -p "$demo"
rm -rf "$demo/store"
rm -f "$demo/mercato.db" "$demo/mercato.db-wal" "$demo/mercato.db-shm"

echo "== generating a synthetic store (20,000 customers, 2 years) into $demo/store"
"$mercato" generate --out "$demo/store" --customers 20000 --days 730 --seed 42
echo "== importing it into $demo/mercato.db"
"$mercato" import --db "$demo/mercato.db" --format generic "$demo/store"
echo "== what the store holds"
"$mercato" stats --db "$demo/mercato.db"
