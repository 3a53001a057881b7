-- Loyalty.Sdk ledger schema for PostgreSQL, version 1. Every primary key starts with program_id (and then
-- member_id), so the tables can be distributed by (program_id, member_id) when one server is no longer enough.
-- Text keys use COLLATE "C": byte (code-point) order, as the other stores page through members.

CREATE TABLE loyalty_accounts (
    program_id       text COLLATE "C" NOT NULL,
    member_id        text COLLATE "C" NOT NULL,
    version          bigint NOT NULL,
    last_sequence    bigint NOT NULL,
    debt             bigint NOT NULL,
    last_recorded_at timestamptz,
    last_activity_at timestamptz,
    next_expiry_at   timestamptz,
    expiry_claimed_until timestamptz,
    counters         text NOT NULL DEFAULT '',
    CONSTRAINT loyalty_accounts_pkey PRIMARY KEY (program_id, member_id)
);

CREATE INDEX loyalty_accounts_next_expiry ON loyalty_accounts (program_id, next_expiry_at) WHERE next_expiry_at IS NOT NULL;

CREATE TABLE loyalty_entries (
    program_id     text COLLATE "C" NOT NULL,
    member_id      text COLLATE "C" NOT NULL,
    sequence       bigint NOT NULL,
    kind           smallint NOT NULL,
    amount         bigint NOT NULL,
    at             timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    command_key    text NOT NULL,
    order_id       text,
    activity_type  text,
    redemption_key text,
    reason         text,
    movements      bigint[] NOT NULL,
    debt_change    bigint NOT NULL,
    written_off    bigint NOT NULL,
    CONSTRAINT loyalty_entries_pkey PRIMARY KEY (program_id, member_id, sequence)
);

CREATE TABLE loyalty_lots (
    program_id   text COLLATE "C" NOT NULL,
    member_id    text COLLATE "C" NOT NULL,
    id           bigint NOT NULL,
    points       bigint NOT NULL,
    remaining    bigint NOT NULL CHECK (remaining >= 0),
    created_at   timestamptz NOT NULL,
    available_at timestamptz NOT NULL,
    expires_at   timestamptz,
    order_id     text,
    CONSTRAINT loyalty_lots_pkey PRIMARY KEY (program_id, member_id, id)
);

CREATE INDEX loyalty_lots_open ON loyalty_lots (program_id, member_id, id) WHERE remaining > 0;

CREATE TABLE loyalty_accruals (
    program_id      text COLLATE "C" NOT NULL,
    member_id       text COLLATE "C" NOT NULL,
    order_id        text COLLATE "C" NOT NULL,
    earn_sequence   bigint NOT NULL,
    lot_id          bigint,
    ordered_at      timestamptz NOT NULL,
    currency        text NOT NULL,
    exchange_rate   numeric NOT NULL,
    total_points    bigint NOT NULL,
    reversed_points bigint NOT NULL,
    CONSTRAINT loyalty_accruals_pkey PRIMARY KEY (program_id, member_id, order_id)
);

CREATE TABLE loyalty_accrual_lines (
    program_id      text COLLATE "C" NOT NULL,
    member_id       text COLLATE "C" NOT NULL,
    order_id        text COLLATE "C" NOT NULL,
    position        integer NOT NULL,
    line_id         text NOT NULL,
    sku             text NOT NULL,
    category        text NOT NULL,
    units           integer NOT NULL,
    unit_price      numeric NOT NULL,
    base_amount     numeric NOT NULL,
    points_per_unit numeric NOT NULL,
    multiplier      numeric NOT NULL,
    points          bigint NOT NULL,
    returned_units  integer NOT NULL,
    reversed_points bigint NOT NULL,
    rules           text[] NOT NULL,
    CONSTRAINT loyalty_accrual_lines_pkey PRIMARY KEY (program_id, member_id, order_id, position)
);

CREATE TABLE loyalty_redemptions (
    program_id      text COLLATE "C" NOT NULL,
    member_id       text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    sequence        bigint NOT NULL,
    order_id        text,
    at              timestamptz NOT NULL,
    points          bigint NOT NULL,
    refunded_points bigint NOT NULL,
    CONSTRAINT loyalty_redemptions_pkey PRIMARY KEY (program_id, member_id, key)
);

CREATE TABLE loyalty_redemption_allocations (
    program_id text COLLATE "C" NOT NULL,
    member_id  text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    position   integer NOT NULL,
    lot_id     bigint NOT NULL,
    consumed   bigint NOT NULL,
    refunded   bigint NOT NULL,
    CONSTRAINT loyalty_redemption_allocations_pkey PRIMARY KEY (program_id, member_id, key, position)
);

-- Idempotency is enforced by this primary key inside the commit's transaction, never by a read-then-write check.
CREATE TABLE loyalty_idempotency (
    program_id        text COLLATE "C" NOT NULL,
    key               text COLLATE "C" NOT NULL,
    member_id         text NOT NULL,
    fingerprint       bytea NOT NULL,
    first_sequence    bigint NOT NULL,
    last_sequence     bigint NOT NULL,
    version           bigint NOT NULL,
    balance_as_of     timestamptz NOT NULL,
    balance_total     bigint NOT NULL,
    balance_available bigint NOT NULL,
    balance_pending   bigint NOT NULL,
    balance_debt      bigint NOT NULL,
    recorded_at       timestamptz NOT NULL,
    CONSTRAINT loyalty_idempotency_pkey PRIMARY KEY (program_id, key)
);

-- Lets one batch (BEGIN; ...; COMMIT in a single round trip) abort itself when the account's conditional update
-- matched no row: the losing writer of a version race gets SQLSTATE LY409 and nothing after it runs.
CREATE FUNCTION loyalty_expect_one_row(affected bigint) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF affected <> 1 THEN
        RAISE EXCEPTION 'loyalty account version conflict' USING ERRCODE = 'LY409';
    END IF;
    RETURN 1;
END
$$;
