-- Idempotency keys are scoped to their member (as payment APIs scope them to an account): the same key used by
-- another member is a different command, and can neither block nor reveal the first member's.
ALTER TABLE loyalty_idempotency DROP CONSTRAINT loyalty_idempotency_pkey;
ALTER TABLE loyalty_idempotency ADD CONSTRAINT loyalty_idempotency_pkey PRIMARY KEY (program_id, member_id, key);
