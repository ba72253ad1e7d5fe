-- A presigned URL or form writes the image's upload key; the process action copies it, inside storage, to
-- original_key, which no client URL can write, and everything after reads that copy. NULL for an image that was
-- never uploaded through a client URL (direct and JSON uploads write original_key themselves).
ALTER TABLE images ADD COLUMN upload_key text;

-- Images waiting for their upload now were given URLs that write original_key: they keep them.
UPDATE images SET upload_key = original_key WHERE status = 'awaiting_upload';
