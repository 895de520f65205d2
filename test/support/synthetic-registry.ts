import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SyntheticRecord } from '../../src/core/synthetic/index.ts';
import { dobColumnsOf, searchNameOf } from '../../src/server/persons/store.ts';
import { copyInto } from '../../src/server/platform/db/copy-in.ts';

const PERSON_COLUMNS = [
  'id',
  'agency_id',
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'dob_precision',
  'dob_date',
  'dob_year',
  'dob_age_min',
  'dob_age_max',
  'dob_as_of',
  'origin_department',
  'origin_municipality',
  'search_name',
] as const;

/**
 * Copies synthetic records into the person registry as record linkage reads it — names, sex, date of birth
 * with its precision, place of origin, and the parents as family members — with the ids given. For the
 * linkage benchmark and tests that need a registry larger than the API would create in time.
 */
export async function copySyntheticPersons(
  client: pg.PoolClient,
  agencyId: string,
  records: readonly SyntheticRecord[],
  ids: readonly string[],
): Promise<void> {
  await copyInto(
    client,
    'person',
    PERSON_COLUMNS,
    records.map((r, k) => {
      const names = {
        given_names: r.givenNames.join(' '),
        first_surname: r.firstSurname,
        second_surname: r.secondSurname,
        other_names: [],
      };
      return {
        id: ids[k]!,
        agency_id: agencyId,
        given_names: names.given_names,
        first_surname: names.first_surname,
        second_surname: names.second_surname,
        sex: r.sex,
        ...dobColumnsOf(r.birth),
        origin_department: r.departmentCode,
        origin_municipality: r.municipalityCode,
        search_name: searchNameOf(names),
      };
    }),
  );
  await copyInto(
    client,
    'person_relation',
    ['id', 'agency_id', 'person_id', 'kind', 'name', 'relationship'],
    records.flatMap((r, k) =>
      (
        [
          ['mother', r.motherName],
          ['father', r.fatherName],
        ] as const
      )
        .filter(([, name]) => name)
        .map(([relationship, name]) => ({
          id: randomUUID(),
          agency_id: agencyId,
          person_id: ids[k]!,
          kind: 'family',
          name: name!,
          relationship,
        })),
    ),
  );
}
