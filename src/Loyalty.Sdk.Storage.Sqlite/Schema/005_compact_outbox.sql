-- Loyalty.Sdk ledger schema, version 5: a compact outbox that can be pruned.
-- Version 3's outbox was a rowid table with AUTOINCREMENT and two indexes, so every event touched four B-trees
-- (the table, sqlite_sequence, the event-id index and the program index) and every commit wrote a page of each.
-- Now it is keyed by (program_id, position), so a program's events are read in order from the key itself, and an
-- event touches two B-trees: the table and its event-id index.
-- A position is the program's newest position plus one, taken inside the commit's write transaction, so positions
-- keep commit order; retention never deletes a program's newest event, so positions never go back.
-- The event-id index stays: the outbox refuses an event id it holds, whatever wrote it. The event's type and
-- member are in its payload, which is all a reader needs.
CREATE TABLE outbox_v5 (
    program_id  TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (program_id, position)
) WITHOUT ROWID;

INSERT INTO outbox_v5 (program_id, position, event_id, occurred_at, payload)
SELECT program_id, position, event_id, occurred_at, payload FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_v5 RENAME TO outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox';
CREATE UNIQUE INDEX outbox_event ON outbox (program_id, event_id);
