import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { createAnchorWriter } from './audit/anchor.ts';
import { Envelope } from './crypto/envelope.ts';
import { loadKeyRing } from './crypto/master-key.ts';
import { createDatabase } from './db/database.ts';
import { clusterDirFor, EmbeddedCluster } from './db/embedded-cluster.ts';
import { migrate } from './db/migrate.ts';
import { isRoot, unprivilegedUser } from './db/postgres-binaries.ts';
import { loadKeyedHasher } from './key-material.ts';
import { ensureDefaultRoles } from './seed-roles.ts';
import { ensureReferenceData } from '../reference/seed.ts';
import { ensureShippedForms } from '../assessments/seed-forms.ts';
import type { AppServices } from './services.ts';

export interface Runtime {
  services: AppServices;
  /** Connection string of the schema owner (migrations, backup, restore). */
  ownerUrl: string;
  cluster?: EmbeddedCluster;
  close: () => Promise<void>;
}

export interface DatabaseLocation {
  appUrl: string;
  ownerUrl: string;
  cluster?: EmbeddedCluster;
}

/** The embedded cluster in the data directory, or the server named by DATABASE_URL. */
export async function openDatabase(
  config: Config,
  log: (m: string) => void,
  attach = false,
): Promise<DatabaseLocation> {
  if (config.databaseUrl) {
    return { appUrl: config.databaseUrl, ownerUrl: config.migrationDatabaseUrl ?? config.databaseUrl };
  }
  const user = isRoot() ? unprivilegedUser() : undefined;
  const clusterDir = await clusterDirFor(config.dataDir, user);
  if (user && !clusterDir.startsWith(config.dataDir)) {
    log(
      `Aviso: ${config.dataDir} no es accesible para el usuario "${user.name}" de PostgreSQL; el clúster está en ${clusterDir}.`,
    );
  }
  const cluster = new EmbeddedCluster({
    clusterDir,
    secretsFile: path.join(config.dataDir, 'cluster.json'),
    log,
  });
  const urls = await cluster.start({ attach });
  return { appUrl: urls.appUrl, ownerUrl: urls.ownerUrl, cluster };
}

/** Everything the server and the CLI share: data directory, key ring, database, migrations, services. */
export async function openRuntime(
  config: Config,
  log: FastifyBaseLogger,
  options: {
    migrate?: boolean;
    /** CLI: use the cluster of a running server instead of refusing */ attach?: boolean;
  } = {},
): Promise<Runtime> {
  // 0711: others may pass through to the cluster directory (owned by the PostgreSQL user) but not list;
  // the key file and cluster secrets inside are 0600.
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  const say = (m: string) => log.info(m);
  const location = await openDatabase(config, say, options.attach);
  try {
    if (options.migrate !== false) await migrate(location.ownerUrl, say);
    const envelope = new Envelope(await loadKeyRing(config.dataDir, config.masterKeyBase64));
    const { db, pool } = createDatabase(location.appUrl, config.dbPoolSize);
    const hasher = await loadKeyedHasher(db, envelope);
    await ensureDefaultRoles(db);
    await ensureShippedForms(db);
    await ensureReferenceData(db);
    const anchor = createAnchorWriter(config.dataDir, db, (error) =>
      log.error({ err: error }, 'audit anchor not written'),
    );
    const services: AppServices = { config, db, pool, envelope, hasher, log, anchorAudit: anchor.schedule };
    return {
      services,
      ownerUrl: location.ownerUrl,
      cluster: location.cluster,
      close: async () => {
        await anchor.close();
        await db.destroy();
        await location.cluster?.stop();
      },
    };
  } catch (error) {
    await location.cluster?.stop();
    throw error;
  }
}
