-- Where the worker spent its time on an image that succeeded (read, decode, resize, encode, write, total; in
-- milliseconds), as its ImageProcessed event says: the console's monitor reads percentiles per stage from here.
ALTER TABLE images ADD COLUMN timings jsonb;

-- The monitor reads the last hour's outcomes of every owner (or of one) every few seconds.
CREATE INDEX images_completed_idx ON images (completed_at) WHERE completed_at IS NOT NULL;

-- A resumable upload may carry the image's description (Uppy's metadata.description), given when it starts and
-- recorded on the image when it completes.
ALTER TABLE multipart_uploads ADD COLUMN description text;
