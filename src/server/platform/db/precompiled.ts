import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './database.ts';

/**
 * A statement built and compiled by Kysely once, then run with new values: for the few statements every
 * request runs, whose building costs more than their execution's share of the server (the session check:
 * some 40 µs to build, on every request). `build` receives an executor (only to start the query from) and
 * stand-ins for the values, and must use each as
 * a plain parameter (no branching on it, no lists); the compiled text is reused with the real values in
 * their places.
 */
export function precompiled<Args extends unknown[], Row>(
  arity: Args['length'],
  build: (db: Executor, ...args: Args) => Compilable<Row>,
): (db: Executor, ...args: Args) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; slots: number[] } | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      const standIns = Array.from({ length: arity }, () => ({}));
      const query = build(db, ...(standIns as Args)).compile();
      const slots = query.parameters.map((value) => standIns.indexOf(value as object));
      if (standIns.some((_, k) => !slots.includes(k)))
        throw new Error('precompiled: a value is not used as a plain parameter');
      compiled = { query, slots };
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((value, i) => (slots[i]! >= 0 ? args[slots[i]!] : value));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
