-- The blocking rules of the person registry changed (issue 4: pairs completeness at a million persons):
-- name keys with the place of origin, both surnames with the place, and a parent's name with the child's
-- given name are new; the three letters of the given name with the birth year, and the place with a two-year
-- window, are gone. A stored key names its rule by position, so every stored key is now wrong: they are
-- removed, and `amparo linkage dedup` writes everyone's keys again (persons written through the application
-- meanwhile get theirs at once).
TRUNCATE person_block_key;
