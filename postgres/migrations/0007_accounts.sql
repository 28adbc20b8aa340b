-- Account lifecycle: a password someone else chose must be changed at the
-- first sign-in; API tokens get an id to list and revoke them by, and an
-- expiry; sign-in failures are counted per (username, address) and per
-- username, whether or not the account exists.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

ALTER TABLE credentials ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE credentials SET id = substr(token_hash, 1, 16);
-- Tokens made before expiry existed live 90 days from their creation.
UPDATE credentials SET expires_at = created_at + 7776000000000 WHERE kind = 'api' AND expires_at = 0;

CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY, -- 'u|' username, or 'a|' username '|' address
	failures     INTEGER NOT NULL,
	locked_until BIGINT NOT NULL,
	updated_at   BIGINT NOT NULL
);

-- Addresses an account has signed in from, which a lock on the account
-- (many addresses failing) does not hold back.
CREATE TABLE login_known (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	addr    TEXT NOT NULL,
	last_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, addr)
);
