-- The schema (version 9) of a new store: version 8 (schema_v8.sql) without the events' session
-- index.
-- migrations_test checks that the generated DDL creates it.
CREATE TABLE products (
  sku TEXT NOT NULL PRIMARY KEY, product_id TEXT, title TEXT, description TEXT, brand TEXT,
  category TEXT, attributes TEXT, tags TEXT, price REAL, compare_at_price REAL, cost REAL,
  currency TEXT, created_at INTEGER, status TEXT, url TEXT, image_url TEXT,
  inventory_quantity INTEGER);
CREATE TABLE customers (
  id TEXT NOT NULL PRIMARY KEY, email TEXT, first_name TEXT, last_name TEXT, phone TEXT,
  country TEXT, region TEXT, city TEXT, postal_code TEXT, created_at INTEGER, channel TEXT,
  tags TEXT, shopify_id TEXT);
CREATE INDEX customers_email ON customers(email);
CREATE INDEX customers_shopify_id ON customers(shopify_id);
CREATE INDEX customers_email_nocase ON customers(email COLLATE NOCASE);
CREATE TABLE consents (
  customer_id TEXT NOT NULL, purpose TEXT NOT NULL, granted INTEGER, ts INTEGER NOT NULL,
  source TEXT,
  PRIMARY KEY (customer_id, purpose, ts)) WITHOUT ROWID;
CREATE TABLE orders (
  id TEXT NOT NULL PRIMARY KEY, customer_id TEXT, ts INTEGER, channel TEXT, currency TEXT,
  discount_code TEXT, discount_total REAL, shipping REAL, tax REAL, total REAL, country TEXT,
  region TEXT, cancelled_at INTEGER, financial_status TEXT, shopify_id TEXT) WITHOUT ROWID;
CREATE INDEX orders_customer_ts ON orders(customer_id, ts);
CREATE INDEX orders_ts ON orders(ts);
CREATE INDEX orders_shopify_id ON orders(shopify_id);
CREATE TABLE order_lines (
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE, line_no INTEGER NOT NULL,
  sku TEXT, title TEXT, quantity INTEGER, unit_price REAL, discount REAL,
  PRIMARY KEY (order_id, line_no)) WITHOUT ROWID;
CREATE TABLE returns (
  id TEXT NOT NULL PRIMARY KEY, order_id TEXT, line_no INTEGER, customer_id TEXT, sku TEXT,
  ts INTEGER, quantity INTEGER, reason TEXT, condition TEXT, amount REAL);
CREATE INDEX returns_customer ON returns(customer_id);
CREATE INDEX returns_sku ON returns(sku);
CREATE INDEX returns_order ON returns(order_id);
CREATE TABLE events (
  id TEXT NOT NULL PRIMARY KEY, session_id TEXT, customer_id TEXT, ts INTEGER, type TEXT,
  sku TEXT, query TEXT, value REAL, source TEXT);
CREATE INDEX events_customer_ts ON events(customer_id, ts);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_type_ts ON events(type, ts);
CREATE TABLE carts (
  id TEXT NOT NULL PRIMARY KEY, customer_id TEXT, session_id TEXT, started_at INTEGER,
  updated_at INTEGER, completed_at INTEGER, abandoned_at INTEGER, order_id TEXT, value REAL,
  currency TEXT);
CREATE INDEX carts_customer ON carts(customer_id);
CREATE INDEX carts_started ON carts(started_at);
CREATE TABLE cart_items (
  cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE, sku TEXT NOT NULL,
  quantity INTEGER, unit_price REAL,
  PRIMARY KEY (cart_id, sku)) WITHOUT ROWID;
CREATE TABLE inventory (
  sku TEXT NOT NULL, location TEXT NOT NULL, ts INTEGER NOT NULL, on_hand INTEGER,
  on_order INTEGER,
  PRIMARY KEY (sku, location, ts)) WITHOUT ROWID;
CREATE TABLE suppliers (
  id TEXT NOT NULL PRIMARY KEY, name TEXT, country TEXT, region TEXT, lead_time_days REAL,
  min_order_quantity INTEGER, case_pack INTEGER);
CREATE TABLE purchase_orders (
  id TEXT NOT NULL, sku TEXT NOT NULL, supplier_id TEXT, location TEXT, quantity INTEGER,
  unit_cost REAL, ordered_at INTEGER, promised_at INTEGER, received_at INTEGER,
  received_quantity INTEGER,
  PRIMARY KEY (id, sku)) WITHOUT ROWID;
CREATE INDEX purchase_orders_sku ON purchase_orders(sku, ordered_at);
CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id, ordered_at);
CREATE TABLE competitor_prices (
  sku TEXT NOT NULL, competitor TEXT NOT NULL, ts INTEGER NOT NULL, price REAL, url TEXT,
  PRIMARY KEY (sku, competitor, ts)) WITHOUT ROWID;
CREATE TABLE signals (
  id TEXT NOT NULL PRIMARY KEY, subject_kind TEXT, subject TEXT, ts INTEGER, kind TEXT,
  severity REAL, text TEXT);
CREATE INDEX signals_subject ON signals(subject_kind, subject, ts);
CREATE TABLE promotions (
  id TEXT NOT NULL PRIMARY KEY, sku TEXT, start INTEGER, "end" INTEGER, price REAL,
  discount_pct REAL, kind TEXT, channel TEXT);
CREATE INDEX promotions_sku ON promotions(sku, start);
CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, salt TEXT NOT NULL,
  hash TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE webhook_deliveries (
  id TEXT NOT NULL PRIMARY KEY, topic TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at);
CREATE TABLE erased_customers (
  id_hash TEXT NOT NULL PRIMARY KEY, erased_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE import_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, format TEXT NOT NULL,
  sources TEXT NOT NULL, rows_read INTEGER NOT NULL, rows_imported INTEGER NOT NULL,
  rows_excluded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL, written TEXT NOT NULL,
  warnings INTEGER NOT NULL, seconds REAL NOT NULL, outcome TEXT NOT NULL, error TEXT NOT NULL);
CREATE TABLE experiments (
  key TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, definition TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE experiment_exposures (
  experiment_key TEXT NOT NULL, unit TEXT NOT NULL, variant TEXT NOT NULL,
  first_at INTEGER NOT NULL, PRIMARY KEY (experiment_key, unit)) WITHOUT ROWID;
CREATE INDEX experiment_exposures_unit ON experiment_exposures(unit);
CREATE TABLE outbox (
  id TEXT NOT NULL PRIMARY KEY, journey_id TEXT NOT NULL, step_id TEXT NOT NULL,
  customer_id TEXT NOT NULL, channel TEXT NOT NULL, purpose TEXT NOT NULL,
  payload_json TEXT NOT NULL, created_at INTEGER NOT NULL, send_after INTEGER NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER, last_error TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_customer ON outbox(customer_id);
CREATE INDEX outbox_journey ON outbox(journey_id, created_at);
CREATE TABLE journey_log (
  journey_id TEXT NOT NULL, customer_id TEXT NOT NULL, entry_id TEXT NOT NULL,
  step INTEGER NOT NULL, at INTEGER NOT NULL, holdout INTEGER NOT NULL, detail TEXT NOT NULL,
  PRIMARY KEY (journey_id, customer_id, entry_id, step)) WITHOUT ROWID;
CREATE INDEX journey_log_customer ON journey_log(customer_id);
