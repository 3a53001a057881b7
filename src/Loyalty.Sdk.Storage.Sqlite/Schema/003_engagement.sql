-- Loyalty.Sdk ledger schema, version 3: rewards, engagement and the transactional outbox.
-- accounts.profile: the member's profile as JSON (birthday, time zone, enrolment), '' when none.
ALTER TABLE accounts ADD COLUMN profile TEXT NOT NULL DEFAULT '';

-- Reward stock. The CHECK is the last line of defence; commits apply reservations with a conditional UPDATE.
CREATE TABLE reward_stock (
    program_id TEXT    NOT NULL,
    reward_id  TEXT    NOT NULL,
    total      INTEGER NOT NULL,
    reserved   INTEGER NOT NULL,
    confirmed  INTEGER NOT NULL,
    CHECK (reserved >= 0 AND confirmed >= 0 AND reserved + confirmed <= total),
    PRIMARY KEY (program_id, reward_id)
) WITHOUT ROWID;

-- Program-wide counts per period (a reward's claims in a day, a month): applied with a conditional upsert.
CREATE TABLE reward_quota (
    program_id TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    used       INTEGER NOT NULL CHECK (used >= 0),
    PRIMARY KEY (program_id, key)
) WITHOUT ROWID;

-- Reward claims (body: the claim as JSON). Voucher codes are unique per program.
CREATE TABLE claims (
    program_id   TEXT    NOT NULL,
    member_id    TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    claimed_at   INTEGER NOT NULL,
    voucher_code TEXT,
    body         TEXT    NOT NULL,
    PRIMARY KEY (program_id, member_id, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX claims_voucher ON claims (program_id, voucher_code) WHERE voucher_code IS NOT NULL;

-- The outbox: written in the commit's transaction. SQLite has one writer at a time, so positions are commit order.
CREATE TABLE outbox (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    member_id   TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,
    payload     TEXT    NOT NULL
);
CREATE UNIQUE INDEX outbox_event ON outbox (program_id, event_id);
CREATE INDEX outbox_program ON outbox (program_id, position);

CREATE TABLE outbox_cursors (
    program_id TEXT    NOT NULL,
    consumer   TEXT    NOT NULL,
    tx         INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (program_id, consumer)
) WITHOUT ROWID;

-- Leaderboards and statements sum entries of a period: a covering index, so the sum never touches the table.
-- (Per-member reads by time write '+at' so that they keep using the primary key.)
CREATE INDEX entries_at ON entries (program_id, at, kind, member_id, amount);
