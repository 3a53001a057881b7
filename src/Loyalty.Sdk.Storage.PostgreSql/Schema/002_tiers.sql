-- Loyalty.Sdk ledger schema for PostgreSQL, version 2: membership tiers.
-- loyalty_accounts.tier: the member's tier state as JSON ('' when the program has no tiers).
-- loyalty_accounts.next_expiry_at now holds the next instant anything is due: a lot expiry or a tier review.
-- loyalty_entries.tier: the new tier (tier changes) or the floor (tier floors).
-- loyalty_entries.qualifying: what the entry adds to the tier-qualifying totals, as 'yyyy-MM-dd|points|spend|orders'.
ALTER TABLE loyalty_accounts ADD COLUMN tier text NOT NULL DEFAULT '';
ALTER TABLE loyalty_entries ADD COLUMN tier text;
ALTER TABLE loyalty_entries ADD COLUMN qualifying text;
