-- didstock schema, SQLite dialect. Kept in step with ../postgres/0001_schema.sql:
-- same tables, columns and indexes; only types differ.
-- Money is stored as integer micro-units (1 = 0.000001) so that arithmetic in
-- SQL is exact on both engines; times are integer Unix microseconds, UTC.

CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    balance_micros   INTEGER NOT NULL DEFAULT 0,
    credit_micros    INTEGER NOT NULL DEFAULT 0,
    api_version      TEXT NOT NULL,
    number_selection INTEGER NOT NULL DEFAULT 1,
    disabled         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    CHECK (balance_micros + credit_micros >= 0)
);

CREATE TABLE api_keys (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    key_hash       TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the key
    key_sealed     TEXT NOT NULL,          -- the key encrypted with the server secret
    created_at     INTEGER NOT NULL,
    revoked_at     INTEGER
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE countries (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,               -- lower-cased name for case-insensitive filters
    iso      TEXT NOT NULL UNIQUE,
    prefix   TEXT NOT NULL
);

CREATE TABLE regions (
    id         TEXT PRIMARY KEY,
    country_id TEXT NOT NULL REFERENCES countries (id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    iso        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX regions_country ON regions (country_id, name_key);

CREATE TABLE areas (
    id         TEXT PRIMARY KEY,
    country_id TEXT NOT NULL REFERENCES countries (id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL
);
CREATE INDEX areas_country ON areas (country_id, name_key);

CREATE TABLE cities (
    id         TEXT PRIMARY KEY,
    country_id TEXT NOT NULL REFERENCES countries (id),
    region_id  TEXT REFERENCES regions (id),
    area_id    TEXT REFERENCES areas (id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL
);
CREATE INDEX cities_country ON cities (country_id, name_key);
CREATE INDEX cities_region ON cities (region_id);

CREATE TABLE nanpa_prefixes (
    id         TEXT PRIMARY KEY,
    country_id TEXT NOT NULL REFERENCES countries (id),
    region_id  TEXT REFERENCES regions (id),
    npa        TEXT NOT NULL,
    nxx        TEXT NOT NULL,
    UNIQUE (npa, nxx)
);

CREATE TABLE did_group_types (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    name_key TEXT NOT NULL
);

CREATE TABLE did_groups (
    id                        TEXT PRIMARY KEY,
    country_id                TEXT NOT NULL REFERENCES countries (id),
    region_id                 TEXT REFERENCES regions (id),
    city_id                   TEXT REFERENCES cities (id),
    did_group_type_id         TEXT NOT NULL REFERENCES did_group_types (id),
    nanpa_prefix_id           TEXT REFERENCES nanpa_prefixes (id),
    prefix                    TEXT NOT NULL,
    local_prefix              TEXT NOT NULL DEFAULT '',
    area_name                 TEXT NOT NULL,
    area_name_key             TEXT NOT NULL,
    features                  TEXT NOT NULL,  -- ",voice_in,sms_in," so LIKE '%,x,%' finds one
    is_metered                INTEGER NOT NULL DEFAULT 0,
    allow_additional_channels INTEGER NOT NULL DEFAULT 1,
    service_restrictions      TEXT,
    available_dids_enabled    INTEGER NOT NULL DEFAULT 1,
    needs_registration        INTEGER NOT NULL DEFAULT 0,
    stock_count               INTEGER NOT NULL DEFAULT 0  -- numbers in status 'available', kept in step transactionally
);
CREATE INDEX did_groups_country ON did_groups (country_id, did_group_type_id);
CREATE INDEX did_groups_city ON did_groups (city_id);
CREATE INDEX did_groups_region ON did_groups (region_id);
CREATE INDEX did_groups_nanpa ON did_groups (nanpa_prefix_id);

CREATE TABLE stock_keeping_units (
    id                      TEXT PRIMARY KEY,
    did_group_id            TEXT NOT NULL REFERENCES did_groups (id),
    setup_price_micros      INTEGER NOT NULL,
    monthly_price_micros    INTEGER NOT NULL,
    channels_included_count INTEGER NOT NULL,
    UNIQUE (did_group_id, channels_included_count)
);

-- numbers is the inventory: every number the operator has, in one of the
-- states available, reserved, sold, withdrawn. The group's location columns
-- are copied here so that a sample by country or city reads one index.
-- rnd is a random key drawn at insert: sampling seeks a random point in an
-- index ordered by rnd instead of sorting the inventory.
CREATE TABLE numbers (
    id                TEXT PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    did_group_id      TEXT NOT NULL REFERENCES did_groups (id),
    country_id        TEXT NOT NULL,
    region_id         TEXT,
    city_id           TEXT,
    did_group_type_id TEXT NOT NULL,
    nanpa_prefix_id   TEXT,
    status            TEXT NOT NULL DEFAULT 'available',
    rnd               INTEGER NOT NULL,
    created_at        INTEGER NOT NULL
);
CREATE INDEX numbers_avail_group ON numbers (did_group_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_country ON numbers (country_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_city ON numbers (city_id, did_group_type_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_region ON numbers (region_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_type ON numbers (did_group_type_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_nanpa ON numbers (nanpa_prefix_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_rnd ON numbers (rnd) WHERE status = 'available';

CREATE TABLE did_reservations (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    number_id   TEXT NOT NULL REFERENCES numbers (id),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    ended_at    INTEGER           -- set when released, ordered or expired
);
-- At most one live reservation per number.
CREATE UNIQUE INDEX did_reservations_live_number ON did_reservations (number_id) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_account ON did_reservations (account_id, created_at) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_expiry ON did_reservations (expires_at) WHERE ended_at IS NULL;

CREATE TABLE orders (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts (id),
    reference             TEXT NOT NULL UNIQUE,
    amount_micros         INTEGER NOT NULL,
    status                TEXT NOT NULL,
    description           TEXT NOT NULL,
    allow_back_ordering   INTEGER NOT NULL,
    external_reference_id TEXT,
    callback_url          TEXT,
    callback_method       TEXT,
    created_at            INTEGER NOT NULL,
    ended_at              INTEGER
);
CREATE INDEX orders_account ON orders (account_id, created_at);
CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'pending';

CREATE TABLE order_items (
    id                   TEXT PRIMARY KEY,
    order_id             TEXT NOT NULL REFERENCES orders (id),
    position             INTEGER NOT NULL,
    sku_id               TEXT NOT NULL REFERENCES stock_keeping_units (id),
    did_group_id         TEXT NOT NULL REFERENCES did_groups (id),
    qty                  INTEGER NOT NULL,
    available_did_id     TEXT,
    did_reservation_id   TEXT,
    nanpa_prefix_id      TEXT,
    setup_price_micros   INTEGER NOT NULL,
    monthly_price_micros INTEGER NOT NULL,
    billing_cycles_count INTEGER,
    billed_from          INTEGER,
    billed_to            INTEGER,
    UNIQUE (order_id, position)
);

-- allocations ties numbers to the order item that holds them. A number is
-- held by at most one live allocation: the unique index is the last line of
-- defence against selling a number twice.
CREATE TABLE allocations (
    order_item_id TEXT NOT NULL REFERENCES order_items (id),
    number_id     TEXT NOT NULL REFERENCES numbers (id),
    released      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_item_id, number_id)
);
CREATE UNIQUE INDEX allocations_live_number ON allocations (number_id) WHERE NOT released;

CREATE TABLE dids (
    id                      TEXT PRIMARY KEY,
    account_id              TEXT NOT NULL REFERENCES accounts (id),
    order_id                TEXT NOT NULL REFERENCES orders (id),
    number_id               TEXT NOT NULL UNIQUE REFERENCES numbers (id),
    did_group_id            TEXT NOT NULL REFERENCES did_groups (id),
    number                  TEXT NOT NULL,
    description             TEXT,
    blocked                 INTEGER NOT NULL DEFAULT 0,
    terminated              INTEGER NOT NULL DEFAULT 0,
    awaiting_registration   INTEGER NOT NULL DEFAULT 0,
    capacity_limit          INTEGER,
    channels_included_count INTEGER NOT NULL,
    billing_cycles_count    INTEGER,
    emergency_enabled       INTEGER NOT NULL DEFAULT 0,
    created_at              INTEGER NOT NULL,
    expires_at              INTEGER
);
CREATE INDEX dids_account ON dids (account_id, created_at);

CREATE TABLE did_history (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    did_number TEXT NOT NULL,
    action     TEXT NOT NULL,
    method     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX did_history_account ON did_history (account_id, created_at);
