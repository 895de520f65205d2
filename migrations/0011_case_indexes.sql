-- The case core at a million persons (issue 3, "Performance"; docs/performance.md "Case core"), and demo and
-- benchmark persons marked as synthetic.

-- Persons made by `amparo demo seed` (and the benchmarks): clearly synthetic, never a real child.
ALTER TABLE person ADD COLUMN synthetic boolean NOT NULL DEFAULT false;
CREATE INDEX person_synthetic ON person (agency_id) WHERE synthetic;

-- Name search reads a term's persons from the index alone: its exact tokens and the prefix of the word being
-- typed (with person_id in the index, no table row is visited for each of the thousands a common name has).
DROP INDEX person_name_token_prefix;
CREATE INDEX person_name_token_prefix ON person_name_token (agency_id, token text_pattern_ops, person_id);
-- A narrow scope's few persons are checked term by term: their tokens, again from the index alone.
DROP INDEX person_name_token_person;
CREATE INDEX person_name_token_person ON person_name_token (person_id, token);

-- Whether a person found by search is in the searcher's programme is decided from the index of the person's
-- cases alone (programme, team, owner and restriction are in it).
DROP INDEX case_file_person;
CREATE INDEX case_file_person ON case_file (person_id)
  INCLUDE (agency_id, programme_id, team_id, owner_user_id, restricted, id);

-- The persons a team scope reaches: its teams' cases and its own, each read from one index alone.
DROP INDEX case_file_team;
CREATE INDEX case_file_team ON case_file (agency_id, team_id, opened_at DESC)
  INCLUDE (person_id, owner_user_id, restricted, id);
DROP INDEX case_file_owner;
CREATE INDEX case_file_owner ON case_file (agency_id, owner_user_id, status)
  INCLUDE (person_id, team_id, restricted, id);

-- Case lists of a programme or of the whole agency: the page in order and the total count from one index
-- (restriction and status are in it, so counting hundreds of thousands of cases visits no table row). Open
-- cases, what the case list shows first, have an index of their own.
DROP INDEX case_file_programme;
CREATE INDEX case_file_programme ON case_file (agency_id, programme_id, opened_at DESC, id)
  INCLUDE (restricted, status);
CREATE INDEX case_file_programme_open ON case_file (agency_id, programme_id, opened_at DESC, id)
  INCLUDE (restricted, status) WHERE status <> 'closure';
-- ... and the list filtered by a status of the cycle, in order and counted without reading other statuses.
CREATE INDEX case_file_programme_status ON case_file (agency_id, programme_id, status, opened_at DESC, id)
  INCLUDE (restricted);
