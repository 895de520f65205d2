-- Identity: the last TOTP time step accepted per user, so a code cannot be used twice (RFC 6238 §5.2),
-- and an index for clearing out stale login-throttle rows.

ALTER TABLE app_user ADD COLUMN totp_last_step bigint;

CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);
