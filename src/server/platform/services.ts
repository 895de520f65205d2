import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Envelope, KeyedHasher } from './crypto/envelope.ts';

/** What every feature may use: built once at start-up and handed to the routes. */
export interface AppServices {
  config: Config;
  db: Db;
  pool: pg.Pool;
  envelope: Envelope;
  hasher: KeyedHasher;
  log: FastifyBaseLogger;
  /** Written to after each committed audit event batch; see audit/anchor.ts */
  anchorAudit: () => void;
}
