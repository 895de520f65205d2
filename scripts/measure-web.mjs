#!/usr/bin/env node
// What each screen of the built web app downloads (JS + CSS, compressed), from Vite's manifest and the
// chunk → modules map written by vite.config.ts. Fails when the login screen exceeds its budget (100 KB)
// or pulls in administration or audit code. Run after a build: `node scripts/measure-web.mjs [--json]`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'dist', 'web');
// A plain `vite build` leaves the manifest in dist/web/.vite; build-web-if-needed moves it to dist/web-build.
const infoDir = [path.join(webDir, '.vite'), path.join(root, 'dist', 'web-build')].find((dir) =>
  fs.existsSync(path.join(dir, 'manifest.json')),
);
if (!infoDir) {
  console.error('No hay manifiesto de construcción: ejecute primero `npx vite build`.');
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(infoDir, 'manifest.json'), 'utf8'));
const chunkModules = JSON.parse(fs.readFileSync(path.join(infoDir, 'chunk-modules.json'), 'utf8'));

const LOGIN_BUDGET = 100 * 1024;
const locale = process.argv.includes('--en') ? 'en' : 'es-GT';
// Screen → its module and the message catalogues it loads (as in src/web/app.tsx).
const SCREENS = {
  login: ['src/web/auth/login.tsx', ['login']],
  setup: ['src/web/auth/setup.tsx', ['setup', 'orgTypes']],
  'password-reset': ['src/web/auth/password-reset.tsx', ['passwordReset']],
  'two-factor': ['src/web/auth/two-factor.tsx', ['twoFactor']],
  home: ['src/web/home/home.tsx', ['home']],
  profile: ['src/web/profile/profile.tsx', ['profile', 'access', 'twoFactor']],
  'admin/users': ['src/web/admin/users/list.tsx', ['users']],
  'admin/users/new': ['src/web/admin/users/create.tsx', ['users']],
  'admin/users/:id': ['src/web/admin/users/detail.tsx', ['users']],
  'admin/teams': ['src/web/admin/teams/list.tsx', ['teams']],
  'admin/roles/:id': ['src/web/admin/roles/edit.tsx', ['roles', 'access']],
  'admin/agencies': ['src/web/admin/agencies/list.tsx', ['agencies', 'orgTypes']],
  'admin/programmes': ['src/web/admin/programmes/list.tsx', ['programmes']],
  audit: ['src/web/audit/audit.tsx', ['audit']],
  'my-work': ['src/web/my-work/my-work.tsx', ['myWork', 'persons', 'cases', 'access']],
  persons: ['src/web/persons/search.tsx', ['persons', 'cases', 'access']],
  'persons/new': ['src/web/persons/register.tsx', ['persons', 'cases', 'access']],
  'persons/:id': ['src/web/persons/record.tsx', ['persons', 'cases', 'access']],
  'cases/new': ['src/web/cases/open.tsx', ['persons', 'cases', 'access', 'orgTypes']],
  'cases/:id': ['src/web/cases/record.tsx', ['persons', 'cases', 'access']],
};

function closure(keys) {
  const files = new Set();
  const visit = (key) => {
    const entry = manifest[key];
    if (!entry) throw new Error(`${key} no está en el manifiesto`);
    if (files.has(entry.file)) return;
    files.add(entry.file);
    for (const css of entry.css ?? []) files.add(css);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return [...files];
}

const compressedSize = (file, encoding) => {
  const full = path.join(webDir, file);
  const precompressed = `${full}.${encoding}`;
  if (fs.existsSync(precompressed)) return fs.statSync(precompressed).size;
  const content = fs.readFileSync(full);
  return encoding === 'br'
    ? zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length
    : zlib.gzipSync(content, { level: 9 }).length;
};

function measure([source, features]) {
  const keys = ['index.html', source];
  for (const feature of ['common', ...features]) {
    const key = `src/web/i18n/messages/${feature}.${locale}.json`;
    if (manifest[key]) keys.push(key);
  }
  const files = closure(keys);
  const modules = files.flatMap((file) => chunkModules[file] ?? []);
  return {
    files,
    raw: files.reduce((sum, file) => sum + fs.statSync(path.join(webDir, file)).size, 0),
    gzip: files.reduce((sum, file) => sum + compressedSize(file, 'gz'), 0),
    brotli: files.reduce((sum, file) => sum + compressedSize(file, 'br'), 0),
    modules,
  };
}

const results = Object.fromEntries(Object.entries(SCREENS).map(([name, screen]) => [name, measure(screen)]));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(
    `Pantalla (${locale})`.padEnd(22),
    'archivos',
    'sin comprimir'.padStart(14),
    'gzip'.padStart(10),
    'brotli'.padStart(10),
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      name.padEnd(22),
      String(r.files.length).padStart(8),
      kb(r.raw).padStart(14),
      kb(r.gzip).padStart(10),
      kb(r.brotli).padStart(10),
    );
  }
}

const login = results.login;
const forbidden = login.modules.filter((id) =>
  /^src\/web\/(admin|audit|profile|persons|cases|my-work)\//.test(id),
);
let failed = false;
if (login.gzip > LOGIN_BUDGET) {
  console.error(
    `El inicio de sesión necesita ${kb(login.gzip)} (gzip), más que el límite de ${kb(LOGIN_BUDGET)}.`,
  );
  failed = true;
}
if (forbidden.length) {
  console.error(`El inicio de sesión descarga código que no usa: ${forbidden.join(', ')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
