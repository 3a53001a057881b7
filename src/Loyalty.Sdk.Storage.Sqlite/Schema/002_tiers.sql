-- Loyalty.Sdk ledger schema, version 2: membership tiers.
-- accounts.tier: the member's tier state as JSON ('' when the program has no tiers).
-- accounts.next_expiry_at now holds the next instant anything is due: a lot expiry or a tier review.
-- entries.tier: the new tier (tier changes) or the floor (tier floors).
-- entries.qualifying: what the entry adds to the tier-qualifying totals, as 'yyyy-MM-dd|points|spend|orders'.
ALTER TABLE accounts ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN tier TEXT;
ALTER TABLE entries ADD COLUMN qualifying TEXT;
