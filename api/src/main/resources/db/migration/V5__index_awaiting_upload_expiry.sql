-- The expiry job looks every minute for images still awaiting their upload past the TTL, oldest first.
-- Without this it scans the whole table each time; a partial index holds only the (few) waiting rows.
CREATE INDEX images_awaiting_upload_created_idx ON images (created_at) WHERE status = 'awaiting_upload';
