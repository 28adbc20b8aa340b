-- Link references (issue 12): what a reader of one end of a link quotes
-- to the other owner. Random (meridian.NewLinkRef), never the link's id,
-- whose UUIDv7 tells when the link was made. Added empty; the store gives
-- every older link its own at start (SQL has no portable random).
ALTER TABLE links ADD COLUMN ref TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX links_ref ON links (ref) WHERE ref <> '';
