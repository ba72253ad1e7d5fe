-- The relay no longer sends inside a transaction: it claims a batch (a short transaction), sends it with no
-- transaction open and no lock held, then deletes what the broker acknowledged. A claim that was never finished
-- (the api died, or the broker never answered) lapses at claimed_until and the rows are sent again.
ALTER TABLE outbox_messages ADD COLUMN claimed_until timestamptz;
