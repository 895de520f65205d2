import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { caseVisible, type Viewer } from '../../cases/visibility.ts';
import type { RowScope } from '../policy/authorize.ts';
import { compiledByShape } from './compiled-by-shape.ts';
import type { Database, Executor } from './database.ts';

// Statements are only compiled here: the pool never connects.
const pool = new pg.Pool();
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
afterAll(() => pool.end());

/** The case read of src/server/cases/store.ts: the visibility predicate is what must never carry over. */
const caseRead = (on: Executor, viewer: Viewer, id: string, forUpdate: boolean) => {
  const query = on
    .selectFrom('case_file')
    .select(['case_file.id', 'case_file.number'])
    .where('case_file.id', '=', id)
    .where((eb) => caseVisible(eb, viewer, { shared: true }));
  return forUpdate ? query.forUpdate() : query;
};

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

function viewerWith(
  scope: RowScope['kind'],
  options: { teams?: number; emergency?: number; shared?: number },
) {
  const agencyId = randomUUID();
  const userId = randomUUID();
  const scopes: Record<RowScope['kind'], RowScope> = {
    all: { kind: 'all' },
    agency: { kind: 'agency', agencyId },
    programme: { kind: 'programme', agencyId, programmeIds: ids(2) },
    team: { kind: 'team', agencyId, teamIds: ids(options.teams ?? 1), userId },
    own: { kind: 'own', agencyId, userId },
  };
  return {
    scope: scopes[scope],
    userId,
    agencyId,
    emergencyCaseIds: ids(options.emergency ?? 0),
    shared: ids(options.shared ?? 0).map((caseId) => ({
      caseId,
      personId: randomUUID(),
      fromAgencyId: randomUUID(),
      classes: ['health' as const, 'legal' as const],
      decisionIds: ids(1),
    })),
  } satisfies Viewer;
}

describe('compiledByShape', () => {
  const shapes: Array<[RowScope['kind'], { teams?: number; emergency?: number; shared?: number }]> = [
    ['all', {}],
    ['agency', { shared: 2 }],
    ['programme', { emergency: 1 }],
    ['team', { teams: 0 }],
    ['team', { teams: 1 }],
    ['team', { teams: 3, emergency: 2, shared: 1 }],
    ['own', {}],
  ];

  it('gives each caller the statement built from its own values, for every shape of viewer', () => {
    const read = compiledByShape(caseRead);
    for (const [kind, options] of shapes) {
      for (const forUpdate of [false, true]) {
        // Two viewers of one shape, one after the other: the second must not see the first's ids.
        for (const viewer of [viewerWith(kind, options), viewerWith(kind, options)]) {
          const id = randomUUID();
          const reused = read(db, viewer, id, forUpdate);
          const built = caseRead(db, viewer, id, forUpdate).compile();
          expect(reused.sql).toBe(built.sql);
          expect(reused.parameters).toEqual(built.parameters);
        }
      }
    }
  });

  it('tells apart shapes where ids are equal or not', () => {
    const read = compiledByShape((on: Executor, a: string, b: string) =>
      on
        .selectFrom('case_file')
        .select('id')
        .where('id', '=', a)
        .where(a === b ? sql<boolean>`true` : sql<boolean>`false`),
    );
    const [x, y] = ids(2) as [string, string];
    expect(read(db, x, y).sql).toContain('false');
    expect(read(db, x, x).sql).toContain('true');
    expect(read(db, y, y).parameters).toEqual([y]);
  });

  it('refuses an id written into the SQL text or hidden inside a parameter, and inputs it cannot read', () => {
    // Kysely itself refuses a stand-in as a literal; as raw text it would be "[object Object]".
    const literal = compiledByShape((on: Executor, id: string) =>
      on
        .selectFrom('case_file')
        .select('id')
        .where(sql<boolean>`id = ${sql.lit(id)}`),
    );
    expect(() => literal(db, randomUUID())).toThrow();
    const inText = compiledByShape((on: Executor, id: string) =>
      on
        .selectFrom('case_file')
        .select('id')
        .where(sql<boolean>`id = '${sql.raw(String(id))}'`),
    );
    expect(() => inText(db, randomUUID())).toThrow(/SQL text/);
    const inList = compiledByShape((on: Executor, list: string[]) =>
      on
        .selectFrom('case_file')
        .select('id')
        .where(sql<boolean>`id = any(${list})`),
    );
    expect(() => inList(db, ids(2))).toThrow(/inside a parameter/);
    const dated = compiledByShape((on: Executor, day: Date) =>
      on.selectFrom('case_file').select('id').where('opened_at', '>', day),
    );
    expect(() => dated(db, new Date())).toThrow(/plain objects/);
  });

  it('beyond the shapes it keeps, builds each statement as usual', () => {
    const read = compiledByShape(caseRead, 1);
    for (const [kind, options] of shapes) {
      const viewer = viewerWith(kind, options);
      const id = randomUUID();
      const built = caseRead(db, viewer, id, false).compile();
      expect(read(db, viewer, id, false)).toMatchObject({ sql: built.sql, parameters: built.parameters });
    }
  });
});
