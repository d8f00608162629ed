-- didstock schema, PostgreSQL dialect. Kept in step with ../sqlite/0001_schema.sql:
-- same tables, columns and indexes; only types differ.
-- Name keys sort bytewise (COLLATE "C" on PostgreSQL, BINARY on SQLite) so
-- both engines order names the same whatever the database collation.
-- Money is stored as integer micro-units (1 = 0.000001) so that arithmetic in
-- SQL is exact on both engines; times are integer Unix microseconds, UTC.

CREATE TABLE accounts (
    id               UUID PRIMARY KEY,
    name             TEXT NOT NULL,
    balance_micros   BIGINT NOT NULL DEFAULT 0,
    credit_micros    BIGINT NOT NULL DEFAULT 0,
    api_version      TEXT NOT NULL,
    number_selection BOOLEAN NOT NULL DEFAULT TRUE,
    disabled         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    CHECK (balance_micros + credit_micros >= 0)
);

CREATE TABLE api_keys (
    id             UUID PRIMARY KEY,
    account_id     UUID NOT NULL REFERENCES accounts (id),
    key_hash       TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the key
    key_sealed     TEXT NOT NULL,          -- the key encrypted with the server secret
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE countries (
    id       UUID PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,               -- lower-cased name for case-insensitive filters
    iso      TEXT NOT NULL UNIQUE,
    prefix   TEXT NOT NULL
);

CREATE TABLE regions (
    id         UUID PRIMARY KEY,
    country_id UUID NOT NULL REFERENCES countries (id),
    name       TEXT NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL,
    iso        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX regions_country ON regions (country_id, name_key);

CREATE TABLE areas (
    id         UUID PRIMARY KEY,
    country_id UUID NOT NULL REFERENCES countries (id),
    name       TEXT NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX areas_country ON areas (country_id, name_key);

CREATE TABLE cities (
    id         UUID PRIMARY KEY,
    country_id UUID NOT NULL REFERENCES countries (id),
    region_id  UUID REFERENCES regions (id),
    area_id    UUID REFERENCES areas (id),
    name       TEXT NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX cities_country ON cities (country_id, name_key);
CREATE INDEX cities_region ON cities (region_id);

CREATE TABLE nanpa_prefixes (
    id         UUID PRIMARY KEY,
    country_id UUID NOT NULL REFERENCES countries (id),
    region_id  UUID REFERENCES regions (id),
    npa        TEXT NOT NULL,
    nxx        TEXT NOT NULL,
    UNIQUE (npa, nxx)
);

CREATE TABLE did_group_types (
    id       UUID PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    name_key TEXT COLLATE "C" NOT NULL
);

CREATE TABLE did_groups (
    id                        UUID PRIMARY KEY,
    country_id                UUID NOT NULL REFERENCES countries (id),
    region_id                 UUID REFERENCES regions (id),
    city_id                   UUID REFERENCES cities (id),
    did_group_type_id         UUID NOT NULL REFERENCES did_group_types (id),
    nanpa_prefix_id           UUID REFERENCES nanpa_prefixes (id),
    prefix                    TEXT NOT NULL,
    local_prefix              TEXT NOT NULL DEFAULT '',
    area_name                 TEXT NOT NULL,
    area_name_key             TEXT COLLATE "C" NOT NULL,
    features                  TEXT NOT NULL,  -- ",voice_in,sms_in," so LIKE '%,x,%' finds one
    is_metered                BOOLEAN NOT NULL DEFAULT FALSE,
    allow_additional_channels BOOLEAN NOT NULL DEFAULT TRUE,
    service_restrictions      TEXT,
    available_dids_enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    needs_registration        BOOLEAN NOT NULL DEFAULT FALSE,
    stock_count               BIGINT NOT NULL DEFAULT 0  -- numbers in status 'available', kept in step transactionally
);
CREATE INDEX did_groups_country ON did_groups (country_id, did_group_type_id);
CREATE INDEX did_groups_city ON did_groups (city_id);
CREATE INDEX did_groups_region ON did_groups (region_id);
CREATE INDEX did_groups_nanpa ON did_groups (nanpa_prefix_id);

CREATE TABLE stock_keeping_units (
    id                      UUID PRIMARY KEY,
    did_group_id            UUID NOT NULL REFERENCES did_groups (id),
    setup_price_micros      BIGINT NOT NULL,
    monthly_price_micros    BIGINT NOT NULL,
    channels_included_count BIGINT NOT NULL,
    UNIQUE (did_group_id, channels_included_count)
);

-- numbers is the inventory: every number the operator has, in one of the
-- states available, reserved, sold, withdrawn. The group's location columns
-- are copied here so that a sample by country or city reads one index.
-- rnd is a random key drawn at insert: sampling seeks a random point in an
-- index ordered by rnd instead of sorting the inventory.
CREATE TABLE numbers (
    id                UUID PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    did_group_id      UUID NOT NULL REFERENCES did_groups (id),
    country_id        UUID NOT NULL,
    region_id         UUID,
    city_id           UUID,
    did_group_type_id UUID NOT NULL,
    nanpa_prefix_id   UUID,
    status            TEXT NOT NULL DEFAULT 'available',
    rnd               BIGINT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX numbers_avail_group ON numbers (did_group_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_country ON numbers (country_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_city ON numbers (city_id, did_group_type_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_region ON numbers (region_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_type ON numbers (did_group_type_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_nanpa ON numbers (nanpa_prefix_id, rnd) WHERE status = 'available';
CREATE INDEX numbers_avail_rnd ON numbers (rnd) WHERE status = 'available';

CREATE TABLE did_reservations (
    id          UUID PRIMARY KEY,
    account_id  UUID NOT NULL REFERENCES accounts (id),
    number_id   UUID NOT NULL REFERENCES numbers (id),
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    ended_at    BIGINT           -- set when released, ordered or expired
);
-- At most one live reservation per number.
CREATE UNIQUE INDEX did_reservations_live_number ON did_reservations (number_id) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_account ON did_reservations (account_id, created_at) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_expiry ON did_reservations (expires_at) WHERE ended_at IS NULL;

CREATE TABLE orders (
    id                    UUID PRIMARY KEY,
    account_id            UUID NOT NULL REFERENCES accounts (id),
    reference             TEXT NOT NULL UNIQUE,
    amount_micros         BIGINT NOT NULL,
    status                TEXT NOT NULL,
    description           TEXT NOT NULL,
    allow_back_ordering   BOOLEAN NOT NULL,
    external_reference_id TEXT,
    callback_url          TEXT,
    callback_method       TEXT,
    created_at            BIGINT NOT NULL,
    ended_at              BIGINT
);
CREATE INDEX orders_account ON orders (account_id, created_at);
CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'pending';

CREATE TABLE order_items (
    id                   UUID PRIMARY KEY,
    order_id             UUID NOT NULL REFERENCES orders (id),
    position             BIGINT NOT NULL,
    sku_id               UUID NOT NULL REFERENCES stock_keeping_units (id),
    did_group_id         UUID NOT NULL REFERENCES did_groups (id),
    qty                  BIGINT NOT NULL,
    available_did_id     UUID,
    did_reservation_id   UUID,
    nanpa_prefix_id      UUID,
    setup_price_micros   BIGINT NOT NULL,
    monthly_price_micros BIGINT NOT NULL,
    billing_cycles_count BIGINT,
    billed_from          BIGINT,
    billed_to            BIGINT,
    UNIQUE (order_id, position)
);

-- allocations ties numbers to the order item that holds them. A number is
-- held by at most one live allocation: the unique index is the last line of
-- defence against selling a number twice.
CREATE TABLE allocations (
    order_item_id UUID NOT NULL REFERENCES order_items (id),
    number_id     UUID NOT NULL REFERENCES numbers (id),
    released      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (order_item_id, number_id)
);
CREATE UNIQUE INDEX allocations_live_number ON allocations (number_id) WHERE NOT released;

CREATE TABLE dids (
    id                      UUID PRIMARY KEY,
    account_id              UUID NOT NULL REFERENCES accounts (id),
    order_id                UUID NOT NULL REFERENCES orders (id),
    number_id               UUID NOT NULL UNIQUE REFERENCES numbers (id),
    did_group_id            UUID NOT NULL REFERENCES did_groups (id),
    number                  TEXT NOT NULL,
    description             TEXT,
    blocked                 BOOLEAN NOT NULL DEFAULT FALSE,
    terminated              BOOLEAN NOT NULL DEFAULT FALSE,
    awaiting_registration   BOOLEAN NOT NULL DEFAULT FALSE,
    capacity_limit          BIGINT,
    channels_included_count BIGINT NOT NULL,
    billing_cycles_count    BIGINT,
    emergency_enabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at              BIGINT NOT NULL,
    expires_at              BIGINT
);
CREATE INDEX dids_account ON dids (account_id, created_at);

CREATE TABLE did_history (
    id         UUID PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts (id),
    did_number TEXT NOT NULL,
    action     TEXT NOT NULL,
    method     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX did_history_account ON did_history (account_id, created_at);
