--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: golden_v4; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA golden_v4;


--
-- Name: loyalty_expect_one_row(bigint); Type: FUNCTION; Schema: golden_v4; Owner: -
--

CREATE FUNCTION golden_v4.loyalty_expect_one_row(affected bigint) RETURNS integer
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF affected <> 1 THEN
        RAISE EXCEPTION 'loyalty account version conflict' USING ERRCODE = 'LY409';
    END IF;
    RETURN 1;
END
$$;


--
-- Name: loyalty_expect_stock(bigint); Type: FUNCTION; Schema: golden_v4; Owner: -
--

CREATE FUNCTION golden_v4.loyalty_expect_stock(affected bigint) RETURNS integer
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF affected <> 1 THEN
        RAISE EXCEPTION 'loyalty reward stock conflict' USING ERRCODE = 'LY410';
    END IF;
    RETURN 1;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: loyalty_accounts; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_accounts (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    version bigint NOT NULL,
    last_sequence bigint NOT NULL,
    debt bigint NOT NULL,
    last_recorded_at timestamp with time zone,
    last_activity_at timestamp with time zone,
    next_expiry_at timestamp with time zone,
    expiry_claimed_until timestamp with time zone,
    counters text DEFAULT ''::text NOT NULL,
    tier text DEFAULT ''::text NOT NULL,
    profile text DEFAULT ''::text NOT NULL
);


--
-- Name: loyalty_accrual_lines; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_accrual_lines (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    order_id text NOT NULL COLLATE pg_catalog."C",
    "position" integer NOT NULL,
    line_id text NOT NULL,
    sku text NOT NULL,
    category text NOT NULL,
    units integer NOT NULL,
    unit_price numeric NOT NULL,
    base_amount numeric NOT NULL,
    points_per_unit numeric NOT NULL,
    multiplier numeric NOT NULL,
    points bigint NOT NULL,
    returned_units integer NOT NULL,
    reversed_points bigint NOT NULL,
    rules text[] NOT NULL
);


--
-- Name: loyalty_accruals; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_accruals (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    order_id text NOT NULL COLLATE pg_catalog."C",
    earn_sequence bigint NOT NULL,
    lot_id bigint,
    ordered_at timestamp with time zone NOT NULL,
    currency text NOT NULL,
    exchange_rate numeric NOT NULL,
    total_points bigint NOT NULL,
    reversed_points bigint NOT NULL
);


--
-- Name: loyalty_claims; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_claims (
    program_id text NOT NULL,
    member_id text NOT NULL,
    key text NOT NULL,
    claimed_at timestamp with time zone NOT NULL,
    voucher_code text,
    body text NOT NULL
);


--
-- Name: loyalty_entries; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_entries (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    sequence bigint NOT NULL,
    kind smallint NOT NULL,
    amount bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    command_key text NOT NULL,
    order_id text,
    activity_type text,
    redemption_key text,
    reason text,
    movements bigint[] NOT NULL,
    debt_change bigint NOT NULL,
    written_off bigint NOT NULL,
    tier text,
    qualifying text
);


--
-- Name: loyalty_idempotency; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_idempotency (
    program_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL,
    fingerprint bytea NOT NULL,
    first_sequence bigint NOT NULL,
    last_sequence bigint NOT NULL,
    version bigint NOT NULL,
    balance_as_of timestamp with time zone NOT NULL,
    balance_total bigint NOT NULL,
    balance_available bigint NOT NULL,
    balance_pending bigint NOT NULL,
    balance_debt bigint NOT NULL,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: loyalty_lots; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_lots (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    id bigint NOT NULL,
    points bigint NOT NULL,
    remaining bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    available_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    order_id text,
    CONSTRAINT loyalty_lots_remaining_check CHECK ((remaining >= 0))
);


--
-- Name: loyalty_outbox; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_outbox (
    "position" bigint NOT NULL,
    tx bigint NOT NULL,
    program_id text NOT NULL,
    event_id text NOT NULL,
    member_id text NOT NULL,
    type text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    payload text NOT NULL
);


--
-- Name: loyalty_outbox_cursors; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_outbox_cursors (
    program_id text NOT NULL,
    consumer text NOT NULL,
    tx bigint NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: loyalty_outbox_position_seq; Type: SEQUENCE; Schema: golden_v4; Owner: -
--

ALTER TABLE golden_v4.loyalty_outbox ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME golden_v4.loyalty_outbox_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: loyalty_redemption_allocations; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_redemption_allocations (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    "position" integer NOT NULL,
    lot_id bigint NOT NULL,
    consumed bigint NOT NULL,
    refunded bigint NOT NULL
);


--
-- Name: loyalty_redemptions; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_redemptions (
    program_id text NOT NULL COLLATE pg_catalog."C",
    member_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    sequence bigint NOT NULL,
    order_id text,
    at timestamp with time zone NOT NULL,
    points bigint NOT NULL,
    refunded_points bigint NOT NULL
);


--
-- Name: loyalty_reward_quota; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_reward_quota (
    program_id text NOT NULL,
    key text NOT NULL,
    used bigint NOT NULL,
    CONSTRAINT loyalty_reward_quota_used_check CHECK ((used >= 0))
);


--
-- Name: loyalty_reward_stock; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_reward_stock (
    program_id text NOT NULL,
    reward_id text NOT NULL,
    total bigint NOT NULL,
    reserved bigint NOT NULL,
    confirmed bigint NOT NULL,
    CONSTRAINT loyalty_reward_stock_check CHECK (((reserved >= 0) AND (confirmed >= 0) AND ((reserved + confirmed) <= total)))
);


--
-- Name: loyalty_schema_info; Type: TABLE; Schema: golden_v4; Owner: -
--

CREATE TABLE golden_v4.loyalty_schema_info (
    id integer NOT NULL,
    version integer NOT NULL,
    CONSTRAINT loyalty_schema_info_id_check CHECK ((id = 1))
);


--
-- Data for Name: loyalty_accounts; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_accounts VALUES ('golden', 'ana', 21, 27, 0, '2027-03-22 09:00:00+00', '2026-01-26 09:00:00+00', '2028-01-31 23:00:00+00', '2027-03-22 09:05:00+00', '[["activity:review","2026-01-01",3],["earned","2026-01-01",1132],["task:three-reviews","2026-01-01",3],["reward-total:tote-bag","2000-01-01",1],["reward:tote-bag","2026-01-01",1],["reward-total:ten-off","2000-01-01",2],["reward:ten-off","2026-01-01",2],["celebration:birthday","2026-01-01",1],["credited","2000-01-01",1582]]', '{"tier":"gold","since":1771146000000000,"enrolled":"2026-01-10","review":"2028-01-01","floor":"gold","buckets":[]}', '{"birthday":"02-14","zone":"Europe/Lisbon","enrolled":17680356000000000}');
INSERT INTO golden_v4.loyalty_accounts VALUES ('golden', 'bo', 3, 3, 0, '2027-03-22 09:00:00+00', '2027-03-22 09:00:00+00', '2028-03-31 22:00:00+00', NULL, '[["earned","2027-03-01",20],["credited","2000-01-01",60]]', '{"tier":"member","since":1771146000000000,"enrolled":"2026-02-15","buckets":[["2027-01-01",20,"10",1]]}', '{"enrolled":17711460000000000}');


--
-- Data for Name: loyalty_accrual_lines; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'ana', 'o-2', 0, 'c', 'sku-c', 'toys', 4, 75.5, 277.840, 1, 1, 277, 0, 0, '{}');
INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'ana', 'o-1', 0, 'a', 'sku-a', 'books', 2, 120, 240, 1, 2, 480, 0, 0, '{category:books×2}');
INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'ana', 'o-1', 1, 'b', 'sku-b', 'toys', 3, 100, 300, 1, 1, 300, 1, 100, '{}');
INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'ana', 'o-1', 2, 's', 'sku-s', 'shipping', 1, 4.99, 4.99, 1, 0, 0, 0, 0, '{excluded:shipping}');
INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'bo', 'o-9', 0, 'x', 'sku-x', 'toys', 1, 40, 40, 1, 1, 40, 1, 40, '{}');
INSERT INTO golden_v4.loyalty_accrual_lines VALUES ('golden', 'bo', 'o-10', 0, 'y', 'sku-y', 'books', 1, 10, 10, 1, 2, 20, 0, 0, '{category:books×2}');


--
-- Data for Name: loyalty_accruals; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_accruals VALUES ('golden', 'ana', 'o-2', 3, 3, '2026-01-11 09:00:00+00', 'USD', 0.92, 277, 0);
INSERT INTO golden_v4.loyalty_accruals VALUES ('golden', 'ana', 'o-1', 1, 1, '2026-01-10 09:00:00+00', 'EUR', 1, 780, 100);
INSERT INTO golden_v4.loyalty_accruals VALUES ('golden', 'bo', 'o-9', 1, 1, '2026-02-15 09:00:00+00', 'EUR', 1, 40, 40);
INSERT INTO golden_v4.loyalty_accruals VALUES ('golden', 'bo', 'o-10', 3, 3, '2027-03-22 09:00:00+00', 'EUR', 1, 20, 0);


--
-- Data for Name: loyalty_claims; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_claims VALUES ('golden', 'ana', 'k-8', '2026-01-26 09:00:00+00', NULL, '{"reward":"tote-bag","kind":0,"status":2,"points":300,"stock":true,"at":17694180000000000,"period":"2026-01-01","redeem":9,"closed":17694180000000000}');
INSERT INTO golden_v4.loyalty_claims VALUES ('golden', 'ana', 'k-10', '2026-01-26 09:00:00+00', NULL, '{"reward":"tote-bag","kind":0,"status":3,"points":300,"stock":true,"at":17694180000000000,"period":"2026-01-01","redeem":10,"closed":17694180000000000}');
INSERT INTO golden_v4.loyalty_claims VALUES ('golden', 'ana', 'k-13', '2026-01-26 09:00:00+00', '6B64-13HN-JJAT-GTYV', '{"reward":"ten-off","kind":1,"status":1,"points":200,"stock":false,"at":17694180000000000,"period":"2026-01-01","redeem":13,"code":"6B64-13HN-JJAT-GTYV","expires":17720100000000000,"quota":"ten-off@2026-01-01"}');
INSERT INTO golden_v4.loyalty_claims VALUES ('golden', 'ana', 'k-12', '2026-01-26 09:00:00+00', '7226-3FY2-9FC5-139X', '{"reward":"ten-off","kind":1,"status":2,"points":200,"stock":false,"at":17694180000000000,"period":"2026-01-01","redeem":12,"closed":17694180000000000,"code":"7226-3FY2-9FC5-139X","expires":17720100000000000,"used":17694180000000000,"quota":"ten-off@2026-01-01"}');
INSERT INTO golden_v4.loyalty_claims VALUES ('golden', 'ana', 'k-17', '2026-02-15 09:00:00+00', 'M177-21HS-PN1Y-QJZH', '{"reward":"birthday-gift","kind":1,"status":1,"points":0,"stock":false,"at":17711460000000000,"period":"2026-02-14","code":"M177-21HS-PN1Y-QJZH","expires":17735652000000000,"reason":"birthday:2026"}');


--
-- Data for Name: loyalty_entries; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 1, 0, 780, '2026-01-10 09:00:00+00', '2026-01-10 09:00:00+00', 'k-2', 'o-1', NULL, NULL, NULL, '{1,780}', 0, 0, NULL, '2026-01-10|780|540|1');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 2, 6, 0, '2026-01-10 09:00:00+00', '2026-01-10 09:00:00+00', 'k-2', NULL, NULL, NULL, 'spend 540 in 2026-01-01..2026-12-31 reached silver (500)', '{}', 0, 0, 'silver', NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 3, 0, 277, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-3', 'o-2', NULL, NULL, NULL, '{3,277}', 0, 0, NULL, '2026-01-11|277|277.840|1');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 4, 0, 25, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-4', NULL, 'review', NULL, NULL, '{4,25}', 0, 0, NULL, '2026-01-11|25|0|0');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 5, 0, 25, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-5', NULL, 'review', NULL, NULL, '{5,25}', 0, 0, NULL, '2026-01-11|25|0|0');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 6, 0, 25, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-6', NULL, 'review', NULL, NULL, '{6,25}', 0, 0, NULL, '2026-01-11|25|0|0');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 7, 0, 150, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-6', NULL, 'task:three-reviews', NULL, NULL, '{7,150}', 0, 0, NULL, '2026-01-11|150|0|0');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 8, 2, -100, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', 'k-7', 'o-1', NULL, NULL, NULL, '{1,-100}', 0, 0, NULL, '2026-01-10|-100|-100|0');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 9, 1, -300, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-8', NULL, NULL, NULL, 'reward:tote-bag', '{1,-300}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 10, 1, -300, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-10', NULL, NULL, NULL, 'reward:tote-bag', '{1,-300}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 11, 3, 300, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-11', NULL, NULL, 'k-10', NULL, '{1,300}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 12, 1, -200, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-12', NULL, NULL, NULL, 'reward:ten-off', '{1,-200}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 13, 1, -200, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-13', NULL, NULL, NULL, 'reward:ten-off', '{1,-180,3,-20}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 14, 1, -120, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-15', 'o-3', NULL, NULL, NULL, '{3,-120}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 15, 3, 50, '2026-01-26 09:00:00+00', '2026-01-26 09:00:00+00', 'k-16', 'o-3', NULL, 'k-15', NULL, '{3,50}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 16, 5, 200, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-17', NULL, NULL, NULL, 'birthday:2026', '{16,200}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 17, 7, 0, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-18', NULL, NULL, NULL, 'vip', '{}', 0, 0, 'gold', NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 18, 6, 0, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-18', NULL, NULL, NULL, 'floor set to gold: vip', '{}', 0, 0, 'gold', NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 19, 5, 100, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-19', NULL, NULL, NULL, 'goodwill', '{19,100}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 20, 5, -10, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-20', NULL, NULL, NULL, 'correction', '{3,-10}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'bo', 1, 0, 40, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-21', 'o-9', NULL, NULL, NULL, '{1,40}', 0, 0, NULL, '2026-02-15|40|40|1');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'bo', 2, 2, -40, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', 'k-22', 'o-9', NULL, NULL, NULL, '{1,-40}', 0, 0, NULL, '2026-02-15|-40|-40|-1');
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 21, 4, -177, '2027-01-31 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{3,-177}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 22, 4, -25, '2027-01-31 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{4,-25}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 23, 4, -25, '2027-01-31 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{5,-25}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 24, 4, -25, '2027-01-31 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{6,-25}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 25, 4, -150, '2027-01-31 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{7,-150}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 26, 4, -200, '2027-02-28 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{16,-200}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'ana', 27, 4, -100, '2027-02-28 23:00:00+00', '2027-03-22 09:00:00+00', 'expire:18057060000000000:ana', NULL, NULL, NULL, NULL, '{19,-100}', 0, 0, NULL, NULL);
INSERT INTO golden_v4.loyalty_entries VALUES ('golden', 'bo', 3, 0, 20, '2027-03-22 09:00:00+00', '2027-03-22 09:00:00+00', 'k-23', 'o-10', NULL, NULL, NULL, '{3,20}', 0, 0, NULL, '2027-03-22|20|10|1');


--
-- Data for Name: loyalty_idempotency; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-1', 'ana', '\xb8e6ce74a58238fd67efbc20b109cac8', 1, 0, 1, '2026-01-10 09:00:00+00', 0, 0, 0, 0, '2026-01-10 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-2', 'ana', '\xb13f2f664e9d74dc87c771987c222797', 1, 2, 2, '2026-01-10 09:00:00+00', 780, 0, 780, 0, '2026-01-10 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-3', 'ana', '\x82a030295c1377f6cb6cf8e32f14c036', 3, 3, 3, '2026-01-11 09:00:00+00', 1057, 0, 1057, 0, '2026-01-11 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-4', 'ana', '\x54cdd5b0189aa4fa3c1f1267d9e27c62', 4, 4, 4, '2026-01-11 09:00:00+00', 1082, 25, 1057, 0, '2026-01-11 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-5', 'ana', '\x54cdd5b0189aa4fa3c1f1267d9e27c62', 5, 5, 5, '2026-01-11 09:00:00+00', 1107, 50, 1057, 0, '2026-01-11 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-6', 'ana', '\x54cdd5b0189aa4fa3c1f1267d9e27c62', 6, 7, 6, '2026-01-11 09:00:00+00', 1282, 225, 1057, 0, '2026-01-11 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-7', 'ana', '\xafa9e1106c05019984a8dc45c8b56066', 8, 8, 7, '2026-01-11 09:00:00+00', 1182, 225, 957, 0, '2026-01-11 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-8', 'ana', '\x0cbe88401bf10cb8fe115dbecf20d7b4', 9, 9, 8, '2026-01-26 09:00:00+00', 882, 882, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-9', 'ana', '\xd8b444b625802e8410c9cae4e3d9b003', 10, 9, 9, '2026-01-26 09:00:00+00', 882, 882, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-10', 'ana', '\x0cbe88401bf10cb8fe115dbecf20d7b4', 10, 10, 10, '2026-01-26 09:00:00+00', 582, 582, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-11', 'ana', '\xf8c10777ea700d2f9e0bfd72ddc4d568', 11, 11, 11, '2026-01-26 09:00:00+00', 882, 882, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-12', 'ana', '\xde42aa4b67d4f7dd746fcdcdd8f770b1', 12, 12, 12, '2026-01-26 09:00:00+00', 682, 682, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-13', 'ana', '\xde42aa4b67d4f7dd746fcdcdd8f770b1', 13, 13, 13, '2026-01-26 09:00:00+00', 482, 482, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-14', 'ana', '\xb524cca9d0bec3c1b09e8c7afdbb4dc2', 14, 13, 14, '2026-01-26 09:00:00+00', 482, 482, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-15', 'ana', '\xa43537075fe07192892c70062a7d361d', 14, 14, 15, '2026-01-26 09:00:00+00', 362, 362, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-16', 'ana', '\x23580358b0b6bb5ae320cba3b664be58', 15, 15, 16, '2026-01-26 09:00:00+00', 412, 412, 0, 0, '2026-01-26 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-17', 'ana', '\x5469d5859a7f4e79405c20114d5f721f', 16, 16, 17, '2026-02-15 09:00:00+00', 612, 612, 0, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-18', 'ana', '\xc5806a332d7c50b7607e493833302094', 17, 18, 18, '2026-02-15 09:00:00+00', 612, 612, 0, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-19', 'ana', '\xfdafea1741051041124c7bad2101b946', 19, 19, 19, '2026-02-15 09:00:00+00', 712, 712, 0, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-20', 'ana', '\xcb61b99cc7604583deb7df76073f5663', 20, 20, 20, '2026-02-15 09:00:00+00', 702, 702, 0, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-21', 'bo', '\xcbd5ffd694cb7063f2aee1406fd1ac65', 1, 1, 1, '2026-02-15 09:00:00+00', 40, 0, 40, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-22', 'bo', '\x9b463b902104ebdfb396657a55eba984', 2, 2, 2, '2026-02-15 09:00:00+00', 0, 0, 0, 0, '2026-02-15 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'expire:18057060000000000:ana', 'ana', '\x0a067bc86ec47ee521a4337757af13d4', 21, 27, 21, '2027-03-22 09:00:00+00', 0, 0, 0, 0, '2027-03-22 09:00:00+00');
INSERT INTO golden_v4.loyalty_idempotency VALUES ('golden', 'k-23', 'bo', '\x0d5b8c0cc041f281b86219dc49c7fedb', 3, 3, 3, '2027-03-22 09:00:00+00', 20, 0, 20, 0, '2027-03-22 09:00:00+00');


--
-- Data for Name: loyalty_lots; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 1, 780, 0, '2026-01-10 09:00:00+00', '2026-01-24 09:00:00+00', '2027-01-31 23:00:00+00', 'o-1');
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'bo', 1, 40, 0, '2026-02-15 09:00:00+00', '2026-03-01 09:00:00+00', '2027-02-28 23:00:00+00', 'o-9');
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 3, 277, 0, '2026-01-11 09:00:00+00', '2026-01-25 09:00:00+00', '2027-01-31 23:00:00+00', 'o-2');
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 4, 25, 0, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', '2027-01-31 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 5, 25, 0, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', '2027-01-31 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 6, 25, 0, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', '2027-01-31 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 7, 150, 0, '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00', '2027-01-31 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 16, 200, 0, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', '2027-02-28 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'ana', 19, 100, 0, '2026-02-15 09:00:00+00', '2026-02-15 09:00:00+00', '2027-02-28 23:00:00+00', NULL);
INSERT INTO golden_v4.loyalty_lots VALUES ('golden', 'bo', 3, 20, 20, '2027-03-22 09:00:00+00', '2027-04-05 08:00:00+00', '2028-03-31 22:00:00+00', 'o-10');


--
-- Data for Name: loyalty_outbox; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (1, 727, 'golden', '3:ana/k-2#0', 'ana', 'PointsEarned', '2026-01-10 09:00:00+00', '{"type":"PointsEarned","points":780,"sequence":1,"orderId":"o-1","activityType":null,"reason":null,"eventId":"3:ana/k-2#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-10T09:00:00Z","commandKey":"k-2"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (2, 727, 'golden', '3:ana/k-2#1', 'ana', 'TierChanged', '2026-01-10 09:00:00+00', '{"type":"TierChanged","fromTier":"member","toTier":"silver","reason":"spend 540 in 2026-01-01..2026-12-31 reached silver (500)","eventId":"3:ana/k-2#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-10T09:00:00Z","commandKey":"k-2"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (3, 728, 'golden', '3:ana/k-3#0', 'ana', 'PointsEarned', '2026-01-11 09:00:00+00', '{"type":"PointsEarned","points":277,"sequence":3,"orderId":"o-2","activityType":null,"reason":null,"eventId":"3:ana/k-3#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-3"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (4, 729, 'golden', '3:ana/k-4#0', 'ana', 'PointsEarned', '2026-01-11 09:00:00+00', '{"type":"PointsEarned","points":25,"sequence":4,"orderId":null,"activityType":"review","reason":null,"eventId":"3:ana/k-4#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-4"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (5, 730, 'golden', '3:ana/k-5#0', 'ana', 'PointsEarned', '2026-01-11 09:00:00+00', '{"type":"PointsEarned","points":25,"sequence":5,"orderId":null,"activityType":"review","reason":null,"eventId":"3:ana/k-5#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-5"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (6, 731, 'golden', '3:ana/k-6#0', 'ana', 'PointsEarned', '2026-01-11 09:00:00+00', '{"type":"PointsEarned","points":25,"sequence":6,"orderId":null,"activityType":"review","reason":null,"eventId":"3:ana/k-6#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-6"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (7, 731, 'golden', '3:ana/k-6#1', 'ana', 'PointsEarned', '2026-01-11 09:00:00+00', '{"type":"PointsEarned","points":150,"sequence":7,"orderId":null,"activityType":"task:three-reviews","reason":null,"eventId":"3:ana/k-6#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-6"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (8, 731, 'golden', '3:ana/k-6#2', 'ana', 'TaskCompleted', '2026-01-11 09:00:00+00', '{"type":"TaskCompleted","taskId":"three-reviews","periodStart":"2026-01-01","points":150,"eventId":"3:ana/k-6#2","programId":"golden","memberId":"ana","occurredAt":"2026-01-11T09:00:00Z","commandKey":"k-6"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (9, 734, 'golden', '3:ana/k-8#0', 'ana', 'PointsRedeemed', '2026-01-26 09:00:00+00', '{"type":"PointsRedeemed","points":300,"sequence":9,"orderId":null,"rewardId":"tote-bag","eventId":"3:ana/k-8#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-8"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (10, 734, 'golden', '3:ana/k-8#1', 'ana', 'RewardRedeemed', '2026-01-26 09:00:00+00', '{"type":"RewardRedeemed","rewardId":"tote-bag","claimKey":"k-8","points":300,"status":"Reserved","voucherCode":null,"voucherExpiresAt":null,"reason":null,"eventId":"3:ana/k-8#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-8"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (11, 736, 'golden', '3:ana/k-10#0', 'ana', 'PointsRedeemed', '2026-01-26 09:00:00+00', '{"type":"PointsRedeemed","points":300,"sequence":10,"orderId":null,"rewardId":"tote-bag","eventId":"3:ana/k-10#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-10"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (12, 736, 'golden', '3:ana/k-10#1', 'ana', 'RewardRedeemed', '2026-01-26 09:00:00+00', '{"type":"RewardRedeemed","rewardId":"tote-bag","claimKey":"k-10","points":300,"status":"Reserved","voucherCode":null,"voucherExpiresAt":null,"reason":null,"eventId":"3:ana/k-10#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-10"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (13, 738, 'golden', '3:ana/k-12#0', 'ana', 'PointsRedeemed', '2026-01-26 09:00:00+00', '{"type":"PointsRedeemed","points":200,"sequence":12,"orderId":null,"rewardId":"ten-off","eventId":"3:ana/k-12#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-12"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (14, 738, 'golden', '3:ana/k-12#1', 'ana', 'RewardRedeemed', '2026-01-26 09:00:00+00', '{"type":"RewardRedeemed","rewardId":"ten-off","claimKey":"k-12","points":200,"status":"Issued","voucherCode":"7226-3FY2-9FC5-139X","voucherExpiresAt":"2026-02-25T09:00:00Z","reason":null,"eventId":"3:ana/k-12#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-12"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (15, 739, 'golden', '3:ana/k-13#0', 'ana', 'PointsRedeemed', '2026-01-26 09:00:00+00', '{"type":"PointsRedeemed","points":200,"sequence":13,"orderId":null,"rewardId":"ten-off","eventId":"3:ana/k-13#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-13"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (16, 739, 'golden', '3:ana/k-13#1', 'ana', 'RewardRedeemed', '2026-01-26 09:00:00+00', '{"type":"RewardRedeemed","rewardId":"ten-off","claimKey":"k-13","points":200,"status":"Issued","voucherCode":"6B64-13HN-JJAT-GTYV","voucherExpiresAt":"2026-02-25T09:00:00Z","reason":null,"eventId":"3:ana/k-13#1","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-13"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (17, 741, 'golden', '3:ana/k-15#0', 'ana', 'PointsRedeemed', '2026-01-26 09:00:00+00', '{"type":"PointsRedeemed","points":120,"sequence":14,"orderId":"o-3","rewardId":null,"eventId":"3:ana/k-15#0","programId":"golden","memberId":"ana","occurredAt":"2026-01-26T09:00:00Z","commandKey":"k-15"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (18, 743, 'golden', '3:ana/k-17#0', 'ana', 'PointsEarned', '2026-02-15 09:00:00+00', '{"type":"PointsEarned","points":200,"sequence":16,"orderId":null,"activityType":null,"reason":"birthday:2026","eventId":"3:ana/k-17#0","programId":"golden","memberId":"ana","occurredAt":"2026-02-15T09:00:00Z","commandKey":"k-17"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (19, 743, 'golden', '3:ana/k-17#1', 'ana', 'RewardRedeemed', '2026-02-15 09:00:00+00', '{"type":"RewardRedeemed","rewardId":"birthday-gift","claimKey":"k-17","points":0,"status":"Issued","voucherCode":"M177-21HS-PN1Y-QJZH","voucherExpiresAt":"2026-03-15T09:00:00Z","reason":"birthday:2026","eventId":"3:ana/k-17#1","programId":"golden","memberId":"ana","occurredAt":"2026-02-15T09:00:00Z","commandKey":"k-17"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (20, 744, 'golden', '3:ana/k-18#0', 'ana', 'TierChanged', '2026-02-15 09:00:00+00', '{"type":"TierChanged","fromTier":"silver","toTier":"gold","reason":"floor set to gold: vip","eventId":"3:ana/k-18#0","programId":"golden","memberId":"ana","occurredAt":"2026-02-15T09:00:00Z","commandKey":"k-18"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (21, 745, 'golden', '3:ana/k-19#0', 'ana', 'PointsEarned', '2026-02-15 09:00:00+00', '{"type":"PointsEarned","points":100,"sequence":19,"orderId":null,"activityType":null,"reason":"goodwill","eventId":"3:ana/k-19#0","programId":"golden","memberId":"ana","occurredAt":"2026-02-15T09:00:00Z","commandKey":"k-19"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (22, 747, 'golden', '2:bo/k-21#0', 'bo', 'PointsEarned', '2026-02-15 09:00:00+00', '{"type":"PointsEarned","points":40,"sequence":1,"orderId":"o-9","activityType":null,"reason":null,"eventId":"2:bo/k-21#0","programId":"golden","memberId":"bo","occurredAt":"2026-02-15T09:00:00Z","commandKey":"k-21"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (23, 754, 'golden', '3:ana/expire:18057060000000000:ana#0', 'ana', 'PointsExpired', '2027-01-31 23:00:00+00', '{"type":"PointsExpired","points":177,"sequence":21,"eventId":"3:ana/expire:18057060000000000:ana#0","programId":"golden","memberId":"ana","occurredAt":"2027-01-31T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (24, 754, 'golden', '3:ana/expire:18057060000000000:ana#1', 'ana', 'PointsExpired', '2027-01-31 23:00:00+00', '{"type":"PointsExpired","points":25,"sequence":22,"eventId":"3:ana/expire:18057060000000000:ana#1","programId":"golden","memberId":"ana","occurredAt":"2027-01-31T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (25, 754, 'golden', '3:ana/expire:18057060000000000:ana#2', 'ana', 'PointsExpired', '2027-01-31 23:00:00+00', '{"type":"PointsExpired","points":25,"sequence":23,"eventId":"3:ana/expire:18057060000000000:ana#2","programId":"golden","memberId":"ana","occurredAt":"2027-01-31T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (26, 754, 'golden', '3:ana/expire:18057060000000000:ana#3', 'ana', 'PointsExpired', '2027-01-31 23:00:00+00', '{"type":"PointsExpired","points":25,"sequence":24,"eventId":"3:ana/expire:18057060000000000:ana#3","programId":"golden","memberId":"ana","occurredAt":"2027-01-31T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (27, 754, 'golden', '3:ana/expire:18057060000000000:ana#4', 'ana', 'PointsExpired', '2027-01-31 23:00:00+00', '{"type":"PointsExpired","points":150,"sequence":25,"eventId":"3:ana/expire:18057060000000000:ana#4","programId":"golden","memberId":"ana","occurredAt":"2027-01-31T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (28, 754, 'golden', '3:ana/expire:18057060000000000:ana#5', 'ana', 'PointsExpired', '2027-02-28 23:00:00+00', '{"type":"PointsExpired","points":200,"sequence":26,"eventId":"3:ana/expire:18057060000000000:ana#5","programId":"golden","memberId":"ana","occurredAt":"2027-02-28T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (29, 754, 'golden', '3:ana/expire:18057060000000000:ana#6', 'ana', 'PointsExpired', '2027-02-28 23:00:00+00', '{"type":"PointsExpired","points":100,"sequence":27,"eventId":"3:ana/expire:18057060000000000:ana#6","programId":"golden","memberId":"ana","occurredAt":"2027-02-28T23:00:00Z","commandKey":"expire:18057060000000000:ana"}');
INSERT INTO golden_v4.loyalty_outbox OVERRIDING SYSTEM VALUE VALUES (30, 755, 'golden', '2:bo/k-23#0', 'bo', 'PointsEarned', '2027-03-22 09:00:00+00', '{"type":"PointsEarned","points":20,"sequence":3,"orderId":"o-10","activityType":null,"reason":null,"eventId":"2:bo/k-23#0","programId":"golden","memberId":"bo","occurredAt":"2027-03-22T09:00:00Z","commandKey":"k-23"}');


--
-- Data for Name: loyalty_outbox_cursors; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_outbox_cursors VALUES ('golden', 'crm', 747, 22);


--
-- Data for Name: loyalty_redemption_allocations; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-8', 0, 1, 300, 0);
INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-10', 0, 1, 300, 300);
INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-12', 0, 1, 200, 0);
INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-13', 0, 1, 180, 0);
INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-13', 1, 3, 20, 0);
INSERT INTO golden_v4.loyalty_redemption_allocations VALUES ('golden', 'ana', 'k-15', 0, 3, 120, 50);


--
-- Data for Name: loyalty_redemptions; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_redemptions VALUES ('golden', 'ana', 'k-8', 9, NULL, '2026-01-26 09:00:00+00', 300, 0);
INSERT INTO golden_v4.loyalty_redemptions VALUES ('golden', 'ana', 'k-10', 10, NULL, '2026-01-26 09:00:00+00', 300, 300);
INSERT INTO golden_v4.loyalty_redemptions VALUES ('golden', 'ana', 'k-12', 12, NULL, '2026-01-26 09:00:00+00', 200, 0);
INSERT INTO golden_v4.loyalty_redemptions VALUES ('golden', 'ana', 'k-13', 13, NULL, '2026-01-26 09:00:00+00', 200, 0);
INSERT INTO golden_v4.loyalty_redemptions VALUES ('golden', 'ana', 'k-15', 14, 'o-3', '2026-01-26 09:00:00+00', 120, 50);


--
-- Data for Name: loyalty_reward_quota; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_reward_quota VALUES ('golden', 'ten-off@2026-01-01', 2);


--
-- Data for Name: loyalty_reward_stock; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_reward_stock VALUES ('golden', 'tote-bag', 5, 0, 1);


--
-- Data for Name: loyalty_schema_info; Type: TABLE DATA; Schema: golden_v4; Owner: -
--

INSERT INTO golden_v4.loyalty_schema_info VALUES (1, 4);


--
-- Name: loyalty_outbox_position_seq; Type: SEQUENCE SET; Schema: golden_v4; Owner: -
--

SELECT pg_catalog.setval('golden_v4.loyalty_outbox_position_seq', 30, true);


--
-- Name: loyalty_accounts loyalty_accounts_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_accounts
    ADD CONSTRAINT loyalty_accounts_pkey PRIMARY KEY (program_id, member_id);


--
-- Name: loyalty_accrual_lines loyalty_accrual_lines_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_accrual_lines
    ADD CONSTRAINT loyalty_accrual_lines_pkey PRIMARY KEY (program_id, member_id, order_id, "position");


--
-- Name: loyalty_accruals loyalty_accruals_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_accruals
    ADD CONSTRAINT loyalty_accruals_pkey PRIMARY KEY (program_id, member_id, order_id);


--
-- Name: loyalty_claims loyalty_claims_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_claims
    ADD CONSTRAINT loyalty_claims_pkey PRIMARY KEY (program_id, member_id, key);


--
-- Name: loyalty_entries loyalty_entries_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_entries
    ADD CONSTRAINT loyalty_entries_pkey PRIMARY KEY (program_id, member_id, sequence);


--
-- Name: loyalty_idempotency loyalty_idempotency_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_idempotency
    ADD CONSTRAINT loyalty_idempotency_pkey PRIMARY KEY (program_id, member_id, key);


--
-- Name: loyalty_lots loyalty_lots_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_lots
    ADD CONSTRAINT loyalty_lots_pkey PRIMARY KEY (program_id, member_id, id);


--
-- Name: loyalty_outbox_cursors loyalty_outbox_cursors_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_outbox_cursors
    ADD CONSTRAINT loyalty_outbox_cursors_pkey PRIMARY KEY (program_id, consumer);


--
-- Name: loyalty_outbox loyalty_outbox_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_outbox
    ADD CONSTRAINT loyalty_outbox_pkey PRIMARY KEY (program_id, tx, "position");


--
-- Name: loyalty_redemption_allocations loyalty_redemption_allocations_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_redemption_allocations
    ADD CONSTRAINT loyalty_redemption_allocations_pkey PRIMARY KEY (program_id, member_id, key, "position");


--
-- Name: loyalty_redemptions loyalty_redemptions_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_redemptions
    ADD CONSTRAINT loyalty_redemptions_pkey PRIMARY KEY (program_id, member_id, key);


--
-- Name: loyalty_reward_quota loyalty_reward_quota_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_reward_quota
    ADD CONSTRAINT loyalty_reward_quota_pkey PRIMARY KEY (program_id, key);


--
-- Name: loyalty_reward_stock loyalty_reward_stock_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_reward_stock
    ADD CONSTRAINT loyalty_reward_stock_pkey PRIMARY KEY (program_id, reward_id);


--
-- Name: loyalty_schema_info loyalty_schema_info_pkey; Type: CONSTRAINT; Schema: golden_v4; Owner: -
--

ALTER TABLE ONLY golden_v4.loyalty_schema_info
    ADD CONSTRAINT loyalty_schema_info_pkey PRIMARY KEY (id);


--
-- Name: loyalty_accounts_next_expiry; Type: INDEX; Schema: golden_v4; Owner: -
--

CREATE INDEX loyalty_accounts_next_expiry ON golden_v4.loyalty_accounts USING btree (program_id, next_expiry_at) WHERE (next_expiry_at IS NOT NULL);


--
-- Name: loyalty_claims_voucher; Type: INDEX; Schema: golden_v4; Owner: -
--

CREATE UNIQUE INDEX loyalty_claims_voucher ON golden_v4.loyalty_claims USING btree (program_id, voucher_code) WHERE (voucher_code IS NOT NULL);


--
-- Name: loyalty_entries_at; Type: INDEX; Schema: golden_v4; Owner: -
--

CREATE INDEX loyalty_entries_at ON golden_v4.loyalty_entries USING btree (program_id, at) INCLUDE (kind, member_id, amount);


--
-- Name: loyalty_lots_open; Type: INDEX; Schema: golden_v4; Owner: -
--

CREATE INDEX loyalty_lots_open ON golden_v4.loyalty_lots USING btree (program_id, member_id, id) WHERE (remaining > 0);


--
-- Name: loyalty_outbox_event; Type: INDEX; Schema: golden_v4; Owner: -
--

CREATE UNIQUE INDEX loyalty_outbox_event ON golden_v4.loyalty_outbox USING btree (program_id, event_id);


--
-- PostgreSQL database dump complete
--


