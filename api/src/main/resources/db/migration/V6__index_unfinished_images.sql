-- The backlog metrics count the images waiting for a worker, of every owner, every few seconds. A partial index
-- holds only those rows, so the query stays cheap however many finished images the table has.
CREATE INDEX images_unfinished_updated_idx ON images (status, updated_at)
    WHERE status IN ('pending', 'processing');
