-- A person's photo (issue 3, item 1: "photo (restricted)"): one of the person's own image attachments
-- (outside any case, of the identity class), shown in the person's record only to readers cleared for
-- identity data, never in lists or search results. NULL: no photo.
ALTER TABLE person ADD COLUMN photo_attachment_id uuid REFERENCES attachment (id);
-- amparo_app's UPDATE on person (0005) is table-wide and covers the new column.
