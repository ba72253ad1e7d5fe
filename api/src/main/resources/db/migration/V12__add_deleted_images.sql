-- Deleting an image removes its row and leaves a tombstone with its objects' prefix. Its objects are removed at
-- once, and again when the tombstone is swept (purge_after): whatever a worker that was already decoding it, or a
-- client whose upload URL was still valid, wrote after the deletion goes too. The reconciliation leaves objects
-- under a tombstone to the sweep.
CREATE TABLE deleted_images (
    image_id    uuid PRIMARY KEY,
    prefix      text        NOT NULL,
    deleted_at  timestamptz NOT NULL,
    purge_after timestamptz NOT NULL
);
CREATE INDEX deleted_images_purge_idx ON deleted_images (purge_after);

-- One api instance at a time runs a long job (the reconciliation); a lease, not a lock held for its duration.
CREATE TABLE job_leases (
    name        text PRIMARY KEY,
    holder      text        NOT NULL,
    until       timestamptz NOT NULL
);
INSERT INTO job_leases (name, holder, until) VALUES ('reconciliation', 'nobody', '-infinity');
