-- Person search of a wide scope at a million persons (docs/performance.md "Case core", decision 0013): a
-- person's name tokens (the rows of person_name_token, src/core/names/search-terms.ts) also as one tsvector
-- of the person, so that the words of a query are matched together inside one GIN index (posting lists
-- intersected in the index, the typed prefix as a prefix match) and each person found is one row read in
-- physical order, instead of intersecting tens of thousands of person ids per word.
ALTER TABLE person ADD COLUMN name_tokens tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE person SET name_tokens = array_to_tsvector(t.tokens)
FROM (SELECT person_id, array_agg(token) AS tokens FROM person_name_token GROUP BY person_id) AS t
WHERE t.person_id = person.id;
CREATE INDEX person_name_tokens ON person USING gin (name_tokens);
-- More persons found than a search counts (SEARCH_TOTAL_CAP): the page is the shortest names first, read in
-- this index's order until it is full instead of sorting every person found.
CREATE INDEX person_name_length ON person (agency_id, length(search_name), id);
