-- Resumable uploads (issue 20): an S3 multipart upload of one image's upload key, started by its owner. The row is
-- what ties the upload id a client holds to that owner and that key; it outlives its image (an expired image's
-- upload must still be aborted in storage, which keeps incomplete uploads on its own for days).
CREATE TABLE multipart_uploads (
    upload_id   text        PRIMARY KEY CHECK (length(upload_id) <= 1024),
    image_id    uuid        NOT NULL UNIQUE,
    owner_id    text        NOT NULL,
    object_key  text        NOT NULL,
    filename    text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX multipart_uploads_created ON multipart_uploads (created_at);
