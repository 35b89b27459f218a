-- One clock: every timestamp is stamped by the application's injected clock, never the database's.
ALTER TABLE access_log ALTER COLUMN recorded_at DROP DEFAULT;
ALTER TABLE idempotency_keys ALTER COLUMN created_at DROP DEFAULT;
