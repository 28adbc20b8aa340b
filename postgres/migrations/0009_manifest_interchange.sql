-- A repeated interchange is recognised: each message ingested keeps the
-- sender and control reference of its interchange (UNB), its place in
-- the interchange and a digest of the interchange's bytes. An agency's
-- upload of an interchange it already sent answers with the manifests
-- already stored; the unique index keeps two concurrent uploads from
-- both storing. Rows without an interchange reference (NULL) never
-- collide.
ALTER TABLE manifests ADD COLUMN sender TEXT;
ALTER TABLE manifests ADD COLUMN interchange TEXT;
ALTER TABLE manifests ADD COLUMN message_seq INTEGER;
ALTER TABLE manifests ADD COLUMN digest TEXT;
CREATE UNIQUE INDEX manifests_interchange ON manifests (owner_agency, sender, interchange, message_seq);
