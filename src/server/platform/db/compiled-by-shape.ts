import type { Compilable, CompiledQuery } from 'kysely';
import { isUuid } from '../../../core/ids.ts';
import type { Executor } from './database.ts';

/** Stands in for one distinct id while a statement is built; never reaches the database. */
type StandIn = Readonly<{ standInFor: number }>;

interface Shape {
  key: string;
  /** The inputs with each id replaced by its stand-in (the same stand-in for equal ids). */
  standIns: unknown[];
  ids: string[];
}

/**
 * Reads the inputs of a statement: every id (a UUID string) is a value, put in as a parameter; everything
 * else — kinds, flags, other strings and numbers, and how many ids stand where, and which are equal — is
 * the statement's shape. Only plain objects, arrays and primitives are accepted.
 */
function shapeOf(args: unknown[]): Shape {
  const ids: string[] = [];
  const standInOf = new Map<string, StandIn>();
  const walk = (value: unknown): [unknown, string] => {
    if (typeof value === 'string' && isUuid(value)) {
      let standIn = standInOf.get(value);
      if (!standIn) {
        standIn = Object.freeze({ standInFor: ids.length });
        standInOf.set(value, standIn);
        ids.push(value);
      }
      return [standIn, `#${standIn.standInFor}`];
    }
    if (value === undefined) return [value, 'undefined'];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      return [value, JSON.stringify(value)];
    if (typeof value !== 'object') throw new Error(`compiledByShape: an input of type ${typeof value}`);
    if (Array.isArray(value)) {
      const parts = value.map(walk);
      return [parts.map(([v]) => v), `[${parts.map(([, k]) => k).join(',')}]`];
    }
    if (Object.getPrototypeOf(value) !== Object.prototype)
      throw new Error('compiledByShape: only plain objects, arrays and primitives can be inputs');
    const entries = Object.entries(value).map(([name, inner]) => [name, walk(inner)] as const);
    return [
      Object.fromEntries(entries.map(([name, [v]]) => [name, v])),
      `{${entries.map(([name, [, k]]) => `${JSON.stringify(name)}:${k}`).join(',')}}`,
    ];
  };
  const parts = args.map(walk);
  return { key: parts.map(([, k]) => k).join('|'), standIns: parts.map(([v]) => v), ids };
}

const isStandIn = (value: unknown): value is StandIn =>
  typeof value === 'object' && value !== null && 'standInFor' in value && Object.isFrozen(value);

const holdsStandIn = (value: unknown): boolean =>
  isStandIn(value) ||
  (typeof value === 'object' && value !== null && Object.values(value).some((inner) => holdsStandIn(inner)));

interface Template<Row> {
  query: CompiledQuery<Row>;
  /** For each parameter, the index of the id it takes, or -1 for a constant of the shape. */
  slots: number[];
}

function templateOf<Row>(query: CompiledQuery<Row>): Template<Row> {
  if (query.sql.includes('[object Object]') || query.sql.includes('standInFor'))
    throw new Error('compiledByShape: an id was written into the SQL text instead of a parameter');
  const slots = query.parameters.map((value) => {
    if (isStandIn(value)) return value.standInFor;
    if (holdsStandIn(value)) throw new Error('compiledByShape: ids inside a parameter (a list or JSON)');
    return -1;
  });
  return { query, slots };
}

/**
 * A statement built and compiled by Kysely once per shape of its inputs (see shapeOf), then run with each
 * request's ids in their places: building a statement with a row predicate (a case's visibility) costs the
 * server more than PostgreSQL takes to run it. The statement is built from stand-ins, never from a caller's
 * ids, so no caller's values can be built into a statement another caller reuses; a stand-in that ends up in
 * the SQL text instead of a parameter fails the build. At most `maxShapes` shapes are kept; beyond them each
 * call builds its statement as usual.
 */
export function compiledByShape<Args extends unknown[], Row>(
  build: (db: Executor, ...args: Args) => Compilable<Row>,
  maxShapes = 500,
): (db: Executor, ...args: Args) => CompiledQuery<Row> {
  const templates = new Map<string, Template<Row>>();
  return (db, ...args) => {
    const shape = shapeOf(args);
    let template = templates.get(shape.key);
    if (!template) {
      if (templates.size >= maxShapes) return build(db, ...args).compile();
      template = templateOf(build(db, ...(shape.standIns as Args)).compile());
      templates.set(shape.key, template);
    }
    const { query, slots } = template;
    const parameters = query.parameters.map((value, i) => (slots[i]! >= 0 ? shape.ids[slots[i]!] : value));
    return { ...query, parameters };
  };
}
