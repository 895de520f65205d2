import pg from 'pg';

/**
 * Marks a statement (an INSERT without RETURNING) that may wait for the transaction's COMMIT and travel
 * with it: inside a transaction it is held and reports no rows; outside one it runs at once. Its errors
 * surface from COMMIT, so nothing commits without it. The request's audit events use it.
 */
export const AT_COMMIT = '/* at commit */ ';

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
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
}

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
