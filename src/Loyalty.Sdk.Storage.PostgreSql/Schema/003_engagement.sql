-- Loyalty.Sdk ledger schema for PostgreSQL, version 3: rewards, engagement and the transactional outbox.
-- loyalty_accounts.profile: the member's profile as JSON (birthday, time zone, enrolment), '' when none.
ALTER TABLE loyalty_accounts ADD COLUMN profile text NOT NULL DEFAULT '';

-- Reward stock. Commits apply reservations with a conditional UPDATE (the row lock serialises concurrent
-- reservations of one reward; READ COMMITTED re-checks the condition against the winner's row); the CHECK is the
-- last line of defence.
CREATE TABLE loyalty_reward_stock (
    program_id text   NOT NULL,
    reward_id  text   NOT NULL,
    total      bigint NOT NULL,
    reserved   bigint NOT NULL,
    confirmed  bigint NOT NULL,
    CHECK (reserved >= 0 AND confirmed >= 0 AND reserved + confirmed <= total),
    PRIMARY KEY (program_id, reward_id)
);

CREATE FUNCTION loyalty_expect_stock(affected bigint) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF affected <> 1 THEN
        RAISE EXCEPTION 'loyalty reward stock conflict' USING ERRCODE = 'LY410';
    END IF;
    RETURN 1;
END
$$;

-- Program-wide counts per period (a reward's claims in a day, a month): applied with a conditional upsert.
CREATE TABLE loyalty_reward_quota (
    program_id text   NOT NULL,
    key        text   NOT NULL,
    used       bigint NOT NULL CHECK (used >= 0),
    PRIMARY KEY (program_id, key)
);

-- Reward claims (body: the claim as JSON). Voucher codes are unique per program.
CREATE TABLE loyalty_claims (
    program_id   text        NOT NULL,
    member_id    text        NOT NULL,
    key          text        NOT NULL,
    claimed_at   timestamptz NOT NULL,
    voucher_code text,
    body         text        NOT NULL,
    PRIMARY KEY (program_id, member_id, key)
);
CREATE UNIQUE INDEX loyalty_claims_voucher ON loyalty_claims (program_id, voucher_code) WHERE voucher_code IS NOT NULL;

-- The outbox, written in the commit's transaction. tx is the writing transaction's id: readers order by (tx,
-- position) and read only transactions older than every running one, so a late commit never lands behind a cursor.
CREATE TABLE loyalty_outbox (
    position    bigint GENERATED ALWAYS AS IDENTITY,
    tx          bigint      NOT NULL,
    program_id  text        NOT NULL,
    event_id    text        NOT NULL,
    member_id   text        NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload     text        NOT NULL,
    PRIMARY KEY (program_id, tx, position)
);
CREATE UNIQUE INDEX loyalty_outbox_event ON loyalty_outbox (program_id, event_id);

CREATE TABLE loyalty_outbox_cursors (
    program_id text   NOT NULL,
    consumer   text   NOT NULL,
    tx         bigint NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (program_id, consumer)
);

-- Leaderboards and statements sum entries of a period: a covering index (an index-only scan).
CREATE INDEX loyalty_entries_at ON loyalty_entries (program_id, at) INCLUDE (kind, member_id, amount);
