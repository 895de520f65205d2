#!/usr/bin/env node
// Builds the web app (dist/web) when it is missing or older than its sources, then writes a .br and a .gz
// copy of every compressible file so the server sends precompressed assets (@fastify/static preCompressed).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'web');
// What the build says about itself, outside dist/web so it is never served: Vite's manifest and the
// chunk contents (for scripts/measure-web.mjs), and a stamp written last — a build without it was interrupted.
const buildInfo = path.join(root, 'dist', 'web-build');
const stamp = path.join(buildInfo, 'built.json');
const SOURCES = ['src/web', 'src/core', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map|xml)$/;

function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function needsBuild() {
  if (process.argv.includes('--force')) return 'se pidió con --force';
  if (!fs.existsSync(path.join(outDir, 'index.html')) || !fs.existsSync(stamp)) return 'falta dist/web';
  // A plain `vite build` after ours empties dist/web but leaves the stamp: check the compressed copies too.
  if (![...files(path.join(outDir, 'assets'))].some((file) => file.endsWith('.br')))
    return 'faltan los archivos comprimidos';
  const builtAt = fs.statSync(stamp).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(path.join(root, source)) > builtAt);
  return changed ? `cambió ${changed}` : undefined;
}

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

function precompress() {
  let count = 0;
  for (const file of files(outDir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const content = fs.readFileSync(file);
    const brotli = zlib.brotliCompressSync(content, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    const gzip = zlib.gzipSync(content, { level: zlib.constants.Z_BEST_COMPRESSION });
    // A compressed copy that is not smaller is useless; the server then sends the original.
    if (brotli.length < content.length) fs.writeFileSync(`${file}.br`, brotli);
    if (gzip.length < content.length) fs.writeFileSync(`${file}.gz`, gzip);
    count++;
  }
  return count;
}

const reason = needsBuild();
if (!reason) {
  console.log('Aplicación web al día (dist/web).');
} else {
  console.log(`Construyendo la aplicación web (${reason})…`);
  fs.rmSync(stamp, { force: true });
  // The stamp carries the time the build started: a source saved during the build triggers the next one.
  const startedAt = new Date();
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('No se pudo construir la aplicación web (vite build falló).');
    process.exit(result.status ?? 1);
  }
  fs.rmSync(buildInfo, { recursive: true, force: true });
  if (fs.existsSync(path.join(outDir, '.vite'))) fs.renameSync(path.join(outDir, '.vite'), buildInfo);
  fs.mkdirSync(buildInfo, { recursive: true });
  const count = precompress();
  fs.writeFileSync(stamp, `${JSON.stringify({ startedAt: startedAt.toISOString() })}\n`);
  fs.utimesSync(stamp, startedAt, startedAt);
  console.log(`Aplicación web lista: ${count} archivos comprimidos (br, gz).`);
}
