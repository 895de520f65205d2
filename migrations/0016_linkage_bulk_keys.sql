-- Writing the blocking keys of a whole registry at once (issue 4: the batch deduplication of persons loaded in
-- bulk, or of everyone after a change of the linkage configuration, some twenty million keys at a million
-- persons): maintaining the table's primary key, its index and its foreign keys row by row took most of the
-- batch. Within one transaction of the application's role, the first function sets them aside (and empties
-- the table when everyone's keys are replaced), the keys are written by COPY, and the second builds them again
-- from their own definitions, as they were: a sorted index build and one check of each foreign key. Any failure
-- rolls the whole transaction back, definitions included; meanwhile other sessions wait for the table.

-- What was set aside, until it is built again in the same transaction. The owner's only: never read by the
-- application, which cannot pass DDL to the functions.
CREATE TABLE person_block_key_set_aside (
  name text PRIMARY KEY,
  is_constraint boolean NOT NULL,
  definition text NOT NULL
);

CREATE FUNCTION person_block_key_set_aside(replace_all boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  item record;
BEGIN
  LOCK TABLE person_block_key IN ACCESS EXCLUSIVE MODE;
  IF EXISTS (SELECT 1 FROM person_block_key_set_aside) THEN
    RAISE EXCEPTION 'person_block_key already has its indexes set aside';
  END IF;
  FOR item IN
    SELECT conname AS name, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE conrelid = 'person_block_key'::regclass AND contype IN ('p', 'u', 'f')
  LOOP
    INSERT INTO person_block_key_set_aside VALUES (item.name, true, item.definition);
    EXECUTE format('ALTER TABLE person_block_key DROP CONSTRAINT %I', item.name);
  END LOOP;
  FOR item IN
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = 'person_block_key'::regclass
  LOOP
    INSERT INTO person_block_key_set_aside VALUES (item.name, false, item.definition);
    EXECUTE format('DROP INDEX %I', item.name);
  END LOOP;
  IF replace_all THEN
    TRUNCATE person_block_key;
  END IF;
END $$;

CREATE FUNCTION person_block_key_restore() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  item record;
BEGIN
  SET LOCAL maintenance_work_mem = '512MB';
  -- Indexes first (the primary key among the constraints), then the foreign keys, each checked once.
  FOR item IN SELECT name, definition FROM person_block_key_set_aside WHERE NOT is_constraint LOOP
    EXECUTE item.definition;
  END LOOP;
  FOR item IN
    SELECT name, definition FROM person_block_key_set_aside WHERE is_constraint
    ORDER BY definition NOT LIKE 'PRIMARY KEY%', definition NOT LIKE 'UNIQUE%', name
  LOOP
    EXECUTE format('ALTER TABLE person_block_key ADD CONSTRAINT %I %s', item.name, item.definition);
  END LOOP;
  DELETE FROM person_block_key_set_aside;
END $$;

REVOKE ALL ON FUNCTION person_block_key_set_aside(boolean), person_block_key_restore() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_block_key_set_aside(boolean), person_block_key_restore() TO amparo_app;
