-- Whether a failed image may be sent for processing again (POST /{uuid}/actions/retry): the worker says so in
-- its failure event; the api's processing timeout is always retryable.
ALTER TABLE images ADD COLUMN failure_retryable boolean;
UPDATE images SET failure_retryable = failure_code IN ('storage_unavailable', 'internal_error', 'processing_timeout')
 WHERE status = 'failed';
