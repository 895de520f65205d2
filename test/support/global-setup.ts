import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { EmbeddedCluster } from '../../src/server/platform/db/embedded-cluster.ts';
import { migrate } from '../../src/server/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: { superuserUrl: string; ownerUrl: string; appUrl: string };
  }
}

/**
 * One real PostgreSQL cluster for the whole run, under the OS temporary directory (reachable by the
 * unprivileged user PostgreSQL runs as when the tests run as root). The migrated `amparo` database is the
 * template each test file copies into a database of its own.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-test-'));
  await fs.chmod(dir, 0o711);
  const cluster = new EmbeddedCluster({
    clusterDir: path.join(dir, 'postgres'),
    secretsFile: path.join(dir, 'cluster.json'),
  });
  const urls = await cluster.start();
  await migrate(urls.ownerUrl);
  project.provide('cluster', urls);
  return async () => {
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
