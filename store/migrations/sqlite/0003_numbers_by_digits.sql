-- Numbers keyed by their digits. A number's key is its E.164 digits read as
-- an integer (the rowid), so the table needs no index of its own, and its
-- public ID is derived from the digits and back (store.NumberID). Its place
-- (country, region, city, type, NANPA prefix) is its group's, so the numbers
-- carry only the group's small integer key, and one index ordered by the
-- random key rnd per group serves every sample: 1,000,000 numbers load in a
-- few seconds instead of writing nine B-trees per number.
-- Rows of did_reservations, allocations and dids that point at numbers are
-- rewritten to the new keys.

ALTER TABLE did_groups ADD COLUMN seq INTEGER;
UPDATE did_groups SET seq = rowid;
CREATE UNIQUE INDEX did_groups_seq ON did_groups (seq);
-- New groups get the next seq; the importer and the demo never set it.
CREATE TRIGGER did_groups_seq AFTER INSERT ON did_groups WHEN new.seq IS NULL BEGIN
    UPDATE did_groups SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM did_groups) WHERE id = new.id;
END;

CREATE TABLE numbers_v3 (
    id         INTEGER PRIMARY KEY,  -- the digits: 12125550123 for +1 212 555 0123
    number     TEXT GENERATED ALWAYS AS (CAST(id AS TEXT)) VIRTUAL,
    group_seq  INTEGER NOT NULL,     -- did_groups.seq
    status     TEXT NOT NULL DEFAULT 'available',
    rnd        INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO numbers_v3 (id, group_seq, status, rnd, created_at)
    SELECT CAST(n.number AS INTEGER), g.seq, n.status, n.rnd, n.created_at
    FROM numbers n JOIN did_groups g ON g.id = n.did_group_id;

-- The rows that point at numbers, under the new keys, set aside while their
-- tables are rebuilt to reference the new numbers table.
CREATE TABLE keep_reservations AS
    SELECT r.id, r.account_id, CAST(n.number AS INTEGER) AS number_id, r.description, r.created_at, r.expires_at, r.ended_at
    FROM did_reservations r JOIN numbers n ON n.id = r.number_id;
CREATE TABLE keep_allocations AS
    SELECT a.order_item_id, CAST(n.number AS INTEGER) AS number_id, a.released
    FROM allocations a JOIN numbers n ON n.id = a.number_id;
CREATE TABLE keep_dids AS SELECT * FROM dids;

DROP TRIGGER numbers_trigram_insert;
DROP TABLE numbers_trigram;
DROP TABLE did_reservations;
DROP TABLE allocations;
DROP TABLE dids;
DROP TABLE numbers;
ALTER TABLE numbers_v3 RENAME TO numbers;

CREATE TABLE did_reservations (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    number_id   INTEGER NOT NULL REFERENCES numbers (id),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    ended_at    INTEGER           -- set when released, ordered or expired
);
INSERT INTO did_reservations SELECT * FROM keep_reservations;

CREATE TABLE allocations (
    order_item_id TEXT NOT NULL REFERENCES order_items (id),
    number_id     INTEGER NOT NULL REFERENCES numbers (id),
    released      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_item_id, number_id)
);
INSERT INTO allocations SELECT * FROM keep_allocations;

CREATE TABLE dids (
    id                      TEXT PRIMARY KEY,
    account_id              TEXT NOT NULL REFERENCES accounts (id),
    order_id                TEXT NOT NULL REFERENCES orders (id),
    number_id               INTEGER NOT NULL UNIQUE REFERENCES numbers (id),
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
INSERT INTO dids SELECT d.id, d.account_id, d.order_id, CAST(d.number AS INTEGER), d.did_group_id, d.number, d.description,
        d.blocked, d.terminated, d.awaiting_registration, d.capacity_limit, d.channels_included_count,
        d.billing_cycles_count, d.emergency_enabled, d.created_at, d.expires_at
    FROM keep_dids d;

DROP TABLE keep_reservations;
DROP TABLE keep_allocations;
DROP TABLE keep_dids;

CREATE INDEX numbers_avail_group ON numbers (group_seq, rnd) WHERE status = 'available';
CREATE UNIQUE INDEX did_reservations_live_number ON did_reservations (number_id) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_account ON did_reservations (account_id, created_at) WHERE ended_at IS NULL;
CREATE INDEX did_reservations_expiry ON did_reservations (expires_at) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX allocations_live_number ON allocations (number_id) WHERE NOT released;
CREATE INDEX dids_account ON dids (account_id, created_at);

-- number_contains: a trigram index of the digits (FTS5, reading the digits
-- from numbers), without positions (detail=none) to keep it small: the
-- query checks each candidate against the number itself.
CREATE VIRTUAL TABLE numbers_trigram USING fts5(number, content='numbers', content_rowid='id', tokenize='trigram', detail='none', columnsize=0);
INSERT INTO numbers_trigram (numbers_trigram) VALUES ('rebuild');
-- Merge segments only once 16 of a size have gathered (the default is 4):
-- a bulk import then merges about half as often, and a search reads at
-- most 16 segments per level (see docs/decisions.md).
INSERT INTO numbers_trigram (numbers_trigram, rank) VALUES ('automerge', 16);
CREATE TRIGGER numbers_trigram_insert AFTER INSERT ON numbers BEGIN
    INSERT INTO numbers_trigram (rowid, number) VALUES (new.id, CAST(new.id AS TEXT));
END;
