-- An image is in at most one collection (one column), the collection must exist (foreign key), and a
-- collection that still holds images cannot be deleted (RESTRICT). The database enforces all three, so they
-- hold under concurrent requests.
ALTER TABLE images
    ADD CONSTRAINT images_collection_fk FOREIGN KEY (collection_id)
        REFERENCES collections (id) ON DELETE RESTRICT;

CREATE INDEX images_collection_idx ON images (collection_id) WHERE collection_id IS NOT NULL;
