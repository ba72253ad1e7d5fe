-- The processing timeout counts from when processing was asked for, not from updated_at (which unrelated changes,
-- like adding the image to a collection, move). processing_started_at is when a worker took the command (its
-- ImageProcessingStarted notice); the image is 'processing' from then on.
ALTER TABLE images ADD COLUMN processing_requested_at timestamptz;
ALTER TABLE images ADD COLUMN processing_started_at timestamptz;

UPDATE images SET processing_requested_at = updated_at WHERE status IN ('pending', 'processing');
UPDATE images SET processing_started_at = updated_at WHERE status = 'processing';

-- the backlog gauges and the timeout read the unfinished images by this clock now (V6 indexed updated_at)
DROP INDEX images_unfinished_updated_idx;
CREATE INDEX images_unfinished_requested_idx ON images (status, processing_requested_at)
    WHERE status IN ('pending', 'processing');
