import { NO_CONTACT_FIELD_CLASSES, PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { present } from '../platform/policy/present.ts';
import type { NoContactOut, PersonOut, PersonRefOut } from './schemas.ts';
import { noContactOf, personFieldsOf, type NoContactRow, type PersonRow } from './store.ts';

/** The person presenter: every path that shows a person (record, list, search, match, case) goes through it. */

export function presentNoContact(actor: Actor, rows: NoContactRow[]): NoContactOut[] {
  return rows.map((row) =>
    present(
      actor,
      {
        relationId: row.id,
        name: row.name,
        relationship: row.relationship,
        reason: row.no_contact_reason ?? '',
        source: row.no_contact_source ?? '',
      },
      NO_CONTACT_FIELD_CLASSES,
    ),
  ) as NoContactOut[];
}

export function presentPerson(actor: Actor, row: PersonRow, noContact: NoContactRow[]): PersonOut {
  const shown = present(actor, personFieldsOf(row), PERSON_FIELD_CLASSES);
  return {
    ...shown,
    id: row.id,
    agencyId: row.agency_id,
    restricted: row.restricted,
    registeredBy: row.registered_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    noContact: presentNoContact(actor, noContact),
  };
}

/** Presents several persons with one query for their no-contact entries. */
export async function presentPersons(db: Executor, actor: Actor, rows: PersonRow[]): Promise<PersonOut[]> {
  const noContact = await noContactOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => presentPerson(actor, row, noContact.get(row.id) ?? []));
}

export interface PersonRefRow {
  id: string;
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
}

/** A person inside another record: the name (identity class) and the no-contact entries. */
export function presentPersonRef(actor: Actor, row: PersonRefRow, noContact: NoContactRow[]): PersonRefOut {
  const shown = present(
    actor,
    { givenNames: row.given_names, firstSurname: row.first_surname, secondSurname: row.second_surname },
    PERSON_FIELD_CLASSES,
  );
  return { ...shown, id: row.id, noContact: presentNoContact(actor, noContact) };
}
