-- Loyalty.Sdk ledger schema, version 6: programs and accounts are numbered, and the ledger's rows carry the numbers.
-- Until version 5 every row of entries, lots, accruals, redemptions and idempotency records (and the entries_at
-- index) repeated the program and member ids as text: about 20 bytes a row, in every key compared on every insert.
-- Now a program is a small integer (programs.id) and an account an integer (accounts.id, unique, never reused: an
-- account is never deleted), and each ledger row is keyed by the account's number. A member's rows stay together in
-- every table, as before.
-- Values that are nearly always equal to another column of the row are stored as NULL and read back as that column:
-- an entry's recorded_at (its at), a lot's available_at (its created_at), an idempotency record's balance_as_of (its
-- recorded_at). NULL takes no bytes in a SQLite record beyond its type byte.
-- Claims, stock, counts and consumer cursors keep their text keys: they are not written by every command.

CREATE TABLE programs (
    id         INTEGER PRIMARY KEY,
    program_id TEXT    NOT NULL UNIQUE
);

INSERT INTO programs (program_id)
SELECT program_id FROM accounts UNION SELECT program_id FROM outbox ORDER BY 1;

CREATE TABLE accounts_v6 (
    program              INTEGER NOT NULL,
    member_id            TEXT    NOT NULL,
    id                   INTEGER NOT NULL,
    version              INTEGER NOT NULL,
    last_sequence        INTEGER NOT NULL,
    debt                 INTEGER NOT NULL,
    last_recorded_at     INTEGER,
    last_activity_at     INTEGER,
    next_expiry_at       INTEGER,
    expiry_claimed_until INTEGER,
    counters             TEXT    NOT NULL DEFAULT '',
    tier                 TEXT    NOT NULL DEFAULT '',
    profile              TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (program, member_id)
) WITHOUT ROWID;

INSERT INTO accounts_v6 (program, member_id, id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at,
    expiry_claimed_until, counters, tier, profile)
SELECT g.id, a.member_id, ROW_NUMBER() OVER (ORDER BY g.id, a.member_id), a.version, a.last_sequence, a.debt, a.last_recorded_at,
    a.last_activity_at, a.next_expiry_at, a.expiry_claimed_until, a.counters, a.tier, a.profile
FROM accounts a JOIN programs g ON g.program_id = a.program_id;

CREATE TABLE entries_v6 (
    account        INTEGER NOT NULL,
    sequence       INTEGER NOT NULL,
    program        INTEGER NOT NULL,
    kind           INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    recorded_at    INTEGER,
    command_key    TEXT    NOT NULL,
    order_id       TEXT,
    activity_type  TEXT,
    redemption_key TEXT,
    reason         TEXT,
    movements      TEXT    NOT NULL,
    debt_change    INTEGER NOT NULL,
    written_off    INTEGER NOT NULL,
    tier           TEXT,
    qualifying     TEXT,
    PRIMARY KEY (account, sequence)
) WITHOUT ROWID;

INSERT INTO entries_v6 (account, sequence, program, kind, amount, at, recorded_at, command_key, order_id, activity_type,
    redemption_key, reason, movements, debt_change, written_off, tier, qualifying)
SELECT a.id, e.sequence, a.program, e.kind, e.amount, e.at, NULLIF(e.recorded_at, e.at), e.command_key, e.order_id, e.activity_type,
    e.redemption_key, e.reason, e.movements, e.debt_change, e.written_off, e.tier, e.qualifying
FROM entries e JOIN programs g ON g.program_id = e.program_id JOIN accounts_v6 a ON a.program = g.id AND a.member_id = e.member_id;

CREATE TABLE lots_v6 (
    account      INTEGER NOT NULL,
    id           INTEGER NOT NULL,
    points       INTEGER NOT NULL,
    remaining    INTEGER NOT NULL CHECK (remaining >= 0),
    created_at   INTEGER NOT NULL,
    available_at INTEGER,
    expires_at   INTEGER,
    order_id     TEXT,
    PRIMARY KEY (account, id)
) WITHOUT ROWID;

INSERT INTO lots_v6 (account, id, points, remaining, created_at, available_at, expires_at, order_id)
SELECT a.id, l.id, l.points, l.remaining, l.created_at, NULLIF(l.available_at, l.created_at), l.expires_at, l.order_id
FROM lots l JOIN programs g ON g.program_id = l.program_id JOIN accounts_v6 a ON a.program = g.id AND a.member_id = l.member_id;

CREATE TABLE accruals_v6 (
    account         INTEGER NOT NULL,
    order_id        TEXT    NOT NULL,
    earn_sequence   INTEGER NOT NULL,
    lot_id          INTEGER,
    ordered_at      INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    exchange_rate   TEXT    NOT NULL,
    total_points    INTEGER NOT NULL,
    reversed_points INTEGER NOT NULL,
    lines           TEXT    NOT NULL,
    PRIMARY KEY (account, order_id)
) WITHOUT ROWID;

INSERT INTO accruals_v6 (account, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines)
SELECT a.id, r.order_id, r.earn_sequence, r.lot_id, r.ordered_at, r.currency, r.exchange_rate, r.total_points, r.reversed_points, r.lines
FROM accruals r JOIN programs g ON g.program_id = r.program_id JOIN accounts_v6 a ON a.program = g.id AND a.member_id = r.member_id;

CREATE TABLE redemptions_v6 (
    account         INTEGER NOT NULL,
    key             TEXT    NOT NULL,
    sequence        INTEGER NOT NULL,
    order_id        TEXT,
    at              INTEGER NOT NULL,
    points          INTEGER NOT NULL,
    refunded_points INTEGER NOT NULL,
    allocations     TEXT    NOT NULL,
    PRIMARY KEY (account, key)
) WITHOUT ROWID;

INSERT INTO redemptions_v6 (account, key, sequence, order_id, at, points, refunded_points, allocations)
SELECT a.id, r.key, r.sequence, r.order_id, r.at, r.points, r.refunded_points, r.allocations
FROM redemptions r JOIN programs g ON g.program_id = r.program_id JOIN accounts_v6 a ON a.program = g.id AND a.member_id = r.member_id;

CREATE TABLE idempotency_v6 (
    account           INTEGER NOT NULL,
    key               TEXT    NOT NULL,
    fingerprint       BLOB    NOT NULL,
    first_sequence    INTEGER NOT NULL,
    last_sequence     INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    balance_as_of     INTEGER,
    balance_total     INTEGER NOT NULL,
    balance_available INTEGER NOT NULL,
    balance_pending   INTEGER NOT NULL,
    balance_debt      INTEGER NOT NULL,
    recorded_at       INTEGER NOT NULL,
    PRIMARY KEY (account, key)
) WITHOUT ROWID;

INSERT INTO idempotency_v6 (account, key, fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total,
    balance_available, balance_pending, balance_debt, recorded_at)
SELECT a.id, i.key, i.fingerprint, i.first_sequence, i.last_sequence, i.version, NULLIF(i.balance_as_of, i.recorded_at), i.balance_total,
    i.balance_available, i.balance_pending, i.balance_debt, i.recorded_at
FROM idempotency i JOIN programs g ON g.program_id = i.program_id JOIN accounts_v6 a ON a.program = g.id AND a.member_id = i.member_id;

CREATE TABLE outbox_v6 (
    program     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (program, position)
) WITHOUT ROWID;

INSERT INTO outbox_v6 (program, position, event_id, occurred_at, payload)
SELECT g.id, o.position, o.event_id, o.occurred_at, o.payload FROM outbox o JOIN programs g ON g.program_id = o.program_id;

DROP TABLE accounts;
DROP TABLE entries;
DROP TABLE lots;
DROP TABLE accruals;
DROP TABLE redemptions;
DROP TABLE idempotency;
DROP TABLE outbox;
ALTER TABLE accounts_v6 RENAME TO accounts;
ALTER TABLE entries_v6 RENAME TO entries;
ALTER TABLE lots_v6 RENAME TO lots;
ALTER TABLE accruals_v6 RENAME TO accruals;
ALTER TABLE redemptions_v6 RENAME TO redemptions;
ALTER TABLE idempotency_v6 RENAME TO idempotency;
ALTER TABLE outbox_v6 RENAME TO outbox;

-- An account's number to its member (leaderboards group entries by account); also where the next number comes from.
CREATE UNIQUE INDEX accounts_id ON accounts (id);

-- The outbox refuses an event id it holds, whatever wrote it (the store contract's compliance suite checks it).
CREATE UNIQUE INDEX outbox_event ON outbox (program, event_id);

-- Leaderboards and statements sum entries of a period: a covering index, so the sum never touches the table.
CREATE INDEX entries_at ON entries (program, at, kind, account, amount);
