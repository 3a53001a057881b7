-- Idempotency keys are scoped to their member (as payment APIs scope them to an account): the same key used by
-- another member is a different command, and can neither block nor reveal the first member's. SQLite cannot change
-- a primary key in place, so the table is rebuilt with its rows.
CREATE TABLE idempotency_by_member (
    program_id        TEXT    NOT NULL,
    member_id         TEXT    NOT NULL,
    key               TEXT    NOT NULL,
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
    PRIMARY KEY (program_id, member_id, key)
) WITHOUT ROWID;

INSERT INTO idempotency_by_member (program_id, member_id, key, fingerprint, first_sequence, last_sequence, version,
    balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at)
SELECT program_id, member_id, key, fingerprint, first_sequence, last_sequence, version,
    balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at
FROM idempotency;

DROP TABLE idempotency;
ALTER TABLE idempotency_by_member RENAME TO idempotency;
