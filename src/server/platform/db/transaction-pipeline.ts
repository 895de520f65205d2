import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/**
 * Marks a statement (an INSERT without RETURNING) that may wait for the transaction's COMMIT and travel
 * with it: inside a transaction it is held and reports no rows; outside one it runs at once. Its errors
 * surface from COMMIT, so nothing commits without it. The request's audit events use it.
 */
export const AT_COMMIT = '/* at commit */ ';

/**
 * Marks a group of statements to be written together and answered by one Sync (see `together`): the
 * values are the statements (`GroupMember`), the rows one array of rows per statement, in order.
 */
export const TOGETHER = '/* together */';
export interface GroupMember {
  text: string;
  values: readonly unknown[];
}

type Send = (query: pg.QueryConfig) => Promise<pg.QueryResult>;
interface Statement {
  text: string;
  values: unknown[];
  name: string | undefined;
}

const done = (command: string): Promise<pg.QueryResult> =>
  Promise.resolve({ command, rowCount: 0, rows: [], oid: 0, fields: [] });

/**
 * Saves the round trips of BEGIN and COMMIT, which a short request pays as much as its statements: BEGIN is
 * sent in the same write as the transaction's first statement, and COMMIT with the statement held for it
 * (see AT_COMMIT), each pair answered by one Sync. A transaction that ran nothing sends nothing. Statements
 * keep their order; anything this does not pipeline (parameterless text, cursors, COPY) first flushes what
 * is pending, so the server sees exactly the sequence the application issued.
 */
export class TransactionPipeline {
  #inTransaction = false;
  #beginPending = false;
  #held: Statement | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly send: Send,
    /** The prepared statement's name for a parameterised text, if it is to be prepared. */
    private readonly nameFor: (text: string) => string | undefined,
  ) {}

  /** A statement issued as text with its parameters (Kysely's path). */
  query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    if (text === 'begin' && !this.#inTransaction) {
      this.#inTransaction = this.#beginPending = true;
      return done('BEGIN');
    }
    if ((text === 'commit' || text === 'rollback') && this.#inTransaction) return this.#end(text);
    if (text === TOGETHER) return this.#together(values as GroupMember[]);
    if (text.startsWith(AT_COMMIT)) {
      const statement = this.#statement(text.slice(AT_COMMIT.length), values);
      if (!this.#inTransaction || values.length === 0) return this.#after(this.#flushHeld(), statement);
      const earlier = this.#flushHeld();
      this.#held = statement;
      return earlier ? earlier.then(() => done('INSERT')) : done('INSERT');
    }
    return this.#after(this.#flushHeld(), this.#statement(text, values));
  }

  #statement(text: string, values: unknown[]): Statement {
    return { text, values, name: values.length > 0 ? this.nameFor(text) : undefined };
  }

  /**
   * Writes the group's statements (with BEGIN or a held statement ahead of them, if pending) at once. A
   * statement this connection has not prepared yet makes the group run one statement at a time, this once:
   * the driver tracks a statement's preparation only when it is sent alone.
   */
  async #together(group: GroupMember[]): Promise<pg.QueryResult> {
    const statements = group.map(({ text, values }) => this.#statement(text, [...values]));
    const prepared = (this.client as unknown as { connection: Connection }).connection.parsedStatements;
    if (statements.some(({ name }) => name !== undefined && prepared[name] === undefined)) {
      const rows: unknown[][] = [];
      for (const statement of statements) rows.push((await this.#after(this.#flushHeld(), statement)).rows);
      return groupResult(rows);
    }
    // Mapped before anything is written, so that a value the driver cannot send fails the group alone.
    const bound = statements.map((statement) => ({
      ...statement,
      values: statement.values.map((value) => prepareValue(value)),
    }));
    const earlier = this.#flushHeld();
    const begin = this.#takeBegin();
    const results = new Promise<pg.QueryResult[]>((resolve, reject) => {
      const query = groupQuery(begin, bound, (error, result) => {
        if (error) reject(error);
        else resolve(result!);
      });
      void this.client.query(query as unknown as pg.QueryConfig);
    });
    const [, all] = await Promise.all([earlier, results]);
    return groupResult(all.map((result) => result.rows));
  }

  /**
   * Forgets a transaction its user never ended (the connection goes back to the pool): nothing pending may
   * reach the connection's next user.
   */
  reset(): void {
    this.#inTransaction = this.#beginPending = false;
    this.#held = undefined;
  }

  /** Sends what is pending (BEGIN, a held statement) ahead of a query this does not pipeline. */
  flush(): Promise<unknown> | undefined {
    return this.#flushHeld() ?? (this.#takeBegin().length > 0 ? this.send({ text: 'BEGIN' }) : undefined);
  }

  #flushHeld(): Promise<unknown> | undefined {
    const held = this.#held;
    this.#held = undefined;
    return held && this.#pipelined(this.#takeBegin(), held, []);
  }

  #after(earlier: Promise<unknown> | undefined, statement: Statement): Promise<pg.QueryResult> {
    // Parameterless text may hold several statements, which the extended protocol cannot carry.
    const first = earlier ?? (statement.values.length === 0 ? this.flush() : undefined);
    const begin = this.#takeBegin();
    const result =
      begin.length > 0
        ? this.#pipelined(begin, statement, [])
        : this.send({
            text: statement.text,
            values: statement.values,
            ...(statement.name && { name: statement.name }),
          });
    return first ? Promise.all([first, result]).then(([, value]) => value) : result;
  }

  #end(command: 'commit' | 'rollback'): Promise<pg.QueryResult> {
    this.#inTransaction = false;
    const held = this.#held;
    this.#held = undefined;
    const begin = this.#takeBegin();
    if (command === 'rollback') return begin.length > 0 ? done('ROLLBACK') : this.send({ text: 'rollback' });
    if (held) return this.#pipelined(begin, held, ['COMMIT']).then(() => done('COMMIT'));
    return begin.length > 0 ? done('COMMIT') : this.send({ text: 'commit' });
  }

  #takeBegin(): string[] {
    if (!this.#beginPending) return [];
    this.#beginPending = false;
    return ['BEGIN'];
  }

  #pipelined(before: string[], statement: Statement, after: string[]): Promise<pg.QueryResult> {
    return new Promise((resolve, reject) => {
      const query = pipelinedQuery(before, statement, after, (error, result) => {
        if (error) reject(error);
        else resolve(result!);
      });
      void this.client.query(query as unknown as pg.QueryConfig);
    });
  }
}

interface QueryInternals {
  prepare(connection: Connection): void;
  _getRows(connection: Connection, rows: number | undefined): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
  portal: string;
}
interface Connection {
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
  parsedStatements: Record<string, string | undefined>;
}

const groupResult = (rows: unknown[][]): pg.QueryResult =>
  ({ command: 'SELECT', rowCount: rows.length, rows, oid: 0, fields: [] }) as pg.QueryResult;

/**
 * One pg Query whose messages are preceded and followed by parameterless statements, all before the one
 * Sync: the client sees a single query, its rows and its errors; the other statements' completions are
 * passed over. An error anywhere skips the rest up to the Sync, as PostgreSQL does for any pipeline.
 */
function pipelinedQuery(
  before: string[],
  statement: Statement,
  after: string[],
  callback: (error: Error | null, result?: pg.QueryResult) => void,
): pg.Query {
  const query = new pg.Query({
    text: statement.text,
    values: statement.values,
    queryMode: 'extended',
    ...(statement.name && { name: statement.name }),
    callback,
  } as pg.QueryConfig);
  const internals = query as unknown as QueryInternals;
  const prepare = internals.prepare.bind(internals);
  const complete = internals.handleCommandComplete.bind(internals);
  let completions = 0;
  internals.prepare = (connection) => {
    for (const text of before) sendUnnamed(connection, text);
    prepare(connection);
  };
  internals._getRows = (connection) => {
    connection.execute({ portal: internals.portal, rows: 0 });
    for (const text of after) sendUnnamed(connection, text);
    connection.sync();
  };
  internals.handleCommandComplete = (message, connection) => {
    if (completions++ === before.length) complete(message, connection);
  };
  return query;
}

function sendUnnamed(connection: Connection, text: string) {
  connection.parse({ text, name: '', types: [] });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '', rows: 0 });
}

/**
 * One pg Query carrying several statements, each bound, described and executed in turn, all before one
 * Sync (the statements named are already prepared on the connection; their values already mapped for the
 * wire). The driver gathers one result per statement, as for a multi-statement text; the completions of
 * the parameterless statements ahead (BEGIN) are passed over. An error anywhere skips the rest.
 */
function groupQuery(
  before: string[],
  statements: Statement[],
  callback: (error: Error | null, results?: pg.QueryResult[]) => void,
): pg.Query {
  const query = new pg.Query({
    text: statements[0]!.text,
    values: statements[0]!.values,
    queryMode: 'extended',
    callback: (error: Error | null, result: pg.QueryResult | pg.QueryResult[]) =>
      error ? callback(error) : callback(null, Array.isArray(result) ? result : [result]),
  } as pg.QueryConfig);
  const internals = query as unknown as QueryInternals;
  const complete = internals.handleCommandComplete.bind(internals);
  let completions = 0;
  internals.prepare = (connection) => {
    for (const text of before) sendUnnamed(connection, text);
    for (const { text, values, name = '' } of statements) {
      if (!name) connection.parse({ text, name, types: [] });
      connection.bind({ portal: '', statement: name, values });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.sync();
  };
  internals.handleCommandComplete = (message, connection) => {
    if (completions++ >= before.length) complete(message, connection);
  };
  // What the query carries, for tools that record the statements sent (the case benchmark replays them).
  return Object.assign(query, { statements });
}
