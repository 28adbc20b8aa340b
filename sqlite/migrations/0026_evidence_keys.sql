-- Evidence signing keys (issue 13): the installation's authority ("ca")
-- and each agency's key and certificate, in the store so that every
-- instance signs with the same; the private key sealed (AES-256-GCM) with
-- the instances' --evidence-key, never in clear.
CREATE TABLE evidence_keys (
	id         TEXT PRIMARY KEY,
	cert_pem   BLOB NOT NULL,
	key_sealed BLOB NOT NULL,
	created_at BIGINT NOT NULL
);
