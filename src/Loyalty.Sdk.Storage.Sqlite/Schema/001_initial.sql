-- Loyalty.Sdk ledger schema, version 1. Every key starts with program_id: one file serves many programs.
-- Instants are INTEGER microseconds since the Unix epoch; decimals are TEXT (exact, invariant culture).

CREATE TABLE accounts (
    program_id       TEXT    NOT NULL,
    member_id        TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    last_sequence    INTEGER NOT NULL,
    debt             INTEGER NOT NULL,
    last_recorded_at INTEGER,
    last_activity_at INTEGER,
    next_expiry_at   INTEGER,
    expiry_claimed_until INTEGER,
    counters         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, member_id)
) WITHOUT ROWID;

CREATE TABLE entries (
    program_id     TEXT    NOT NULL,
    member_id      TEXT    NOT NULL,
    sequence       INTEGER NOT NULL,
    kind           INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    command_key    TEXT    NOT NULL,
    order_id       TEXT,
    activity_type  TEXT,
    redemption_key TEXT,
    reason         TEXT,
    movements      TEXT    NOT NULL,
    debt_change    INTEGER NOT NULL,
    written_off    INTEGER NOT NULL,
    PRIMARY KEY (program_id, member_id, sequence)
) WITHOUT ROWID;

CREATE TABLE lots (
    program_id   TEXT    NOT NULL,
    member_id    TEXT    NOT NULL,
    id           INTEGER NOT NULL,
    points       INTEGER NOT NULL,
    remaining    INTEGER NOT NULL CHECK (remaining >= 0),
    created_at   INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    expires_at   INTEGER,
    order_id     TEXT,
    PRIMARY KEY (program_id, member_id, id)
) WITHOUT ROWID;

-- An order's accrual with its lines (JSON, decimals as strings), so an earn writes one row here.
CREATE TABLE accruals (
    program_id      TEXT    NOT NULL,
    member_id       TEXT    NOT NULL,
    order_id        TEXT    NOT NULL,
    earn_sequence   INTEGER NOT NULL,
    lot_id          INTEGER,
    ordered_at      INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    exchange_rate   TEXT    NOT NULL,
    total_points    INTEGER NOT NULL,
    reversed_points INTEGER NOT NULL,
    lines           TEXT    NOT NULL,
    PRIMARY KEY (program_id, member_id, order_id)
) WITHOUT ROWID;

-- A redemption with the lots it consumed (JSON: [[lot, consumed, refunded], ...]).
CREATE TABLE redemptions (
    program_id      TEXT    NOT NULL,
    member_id       TEXT    NOT NULL,
    key             TEXT    NOT NULL,
    sequence        INTEGER NOT NULL,
    order_id        TEXT,
    at              INTEGER NOT NULL,
    points          INTEGER NOT NULL,
    refunded_points INTEGER NOT NULL,
    allocations     TEXT    NOT NULL,
    PRIMARY KEY (program_id, member_id, key)
) WITHOUT ROWID;

-- Idempotency is enforced by this primary key inside the commit's transaction, never by a read-then-write check.
CREATE TABLE idempotency (
    program_id        TEXT    NOT NULL,
    key               TEXT    NOT NULL,
    member_id         TEXT    NOT NULL,
    fingerprint       BLOB    NOT NULL,
    first_sequence    INTEGER NOT NULL,
    last_sequence     INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    balance_as_of     INTEGER NOT NULL,
    balance_total     INTEGER NOT NULL,
    balance_available INTEGER NOT NULL,
    balance_pending   INTEGER NOT NULL,
    balance_debt      INTEGER NOT NULL,
    recorded_at       INTEGER NOT NULL,
    PRIMARY KEY (program_id, key)
) WITHOUT ROWID;
