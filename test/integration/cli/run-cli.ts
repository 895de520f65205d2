import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/amparo.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `amparo` command as a child process. */
export function amparo(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...options.env };
    for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'AMPARO_MASTER_KEY', 'AMPARO_DATA_DIR']) {
      if (!options.env?.[name]) env[name] = undefined;
    }
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The environment of an installation on a test database with a data directory of its own. */
export async function installation(database: TestDatabase, extra: Record<string, string> = {}) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-cli-'));
  return {
    dataDir,
    env: {
      AMPARO_DATA_DIR: dataDir,
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      ...extra,
    },
  };
}

/**
 * A bare test database with an installation's environment for the whole test file (created before its tests,
 * dropped after them); its fields are set once the file's tests run.
 */
export function installationForFile() {
  const cli = {} as { database: TestDatabase; su: pg.Client; env: Record<string, string>; dataDir: string };
  beforeAll(async () => {
    cli.database = await createTestDatabase({ bare: true });
    cli.su = await cli.database.superuser();
    Object.assign(cli, await installation(cli.database));
  });
  afterAll(async () => {
    await cli.su.end();
    await cli.database.drop();
    await fs.rm(cli.dataDir, { recursive: true, force: true });
  });
  return cli;
}
