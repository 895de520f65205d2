import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const FAKE_1000 = path.resolve(ROOT, '../shared/data/linkage/splink/fake_1000.csv');
const MAP = 'given_names=first_name,first_surname=surname,birth_date=dob,place=city,fuzzy:email=email';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amparo-linkage-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function amparo(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, AMPARO_DATA_DIR: tmp, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** In-process, for the cases that need no separate process. */
async function amparoInProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { AMPARO_DATA_DIR: tmp },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const KEYS = ['precision', 'recall', 'f1', 'pairsCompleteness', 'candidatePairs', 'recordsPerSecond'];

describe.skipIf(!fs.existsSync(FAKE_1000))('amparo linkage evaluate', () => {
  it('prints one JSON line with the evaluation of fake_1000', { timeout: 60_000 }, async () => {
    const result = await amparo(['linkage', 'evaluate', FAKE_1000, '--truth', 'cluster', '--map', MAP]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as Record<string, number>;
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json.precision).toBeGreaterThan(0.95);
    expect(json.f1).toBeGreaterThan(0.8);
    expect(json.candidatePairs).toBeGreaterThan(1000);
  });

  it('links one file against another', { timeout: 60_000 }, async () => {
    const [header, ...all] = fs.readFileSync(FAKE_1000, 'utf8').trim().split('\n');
    const rows = all.slice(0, 400);
    const left = path.join(tmp, 'left.csv');
    const right = path.join(tmp, 'right.csv');
    fs.writeFileSync(left, [header, ...rows.filter((_, i) => i % 2 === 0)].join('\n'));
    fs.writeFileSync(right, [header, ...rows.filter((_, i) => i % 2 === 1)].join('\n'));
    const result = await amparo([
      'linkage',
      'evaluate',
      left,
      '--against',
      right,
      '--truth',
      'cluster',
      '--map',
      MAP,
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, number>;
    expect(json.recall).toBeGreaterThan(0.5);
  });

  it('exits 2 on a missing mapping or truth and 1 on a bad mapping, with a message in Spanish', async () => {
    const noMap = await amparoInProcess(['linkage', 'evaluate', FAKE_1000, '--truth', 'cluster']);
    expect([noMap.code, noMap.stderr]).toEqual([2, expect.stringContaining('Falta --map')]);
    const noTruth = await amparoInProcess(['linkage', 'evaluate', FAKE_1000, '--map', MAP]);
    expect([noTruth.code, noTruth.stderr]).toEqual([2, expect.stringContaining('--truth')]);
    const badField = await amparo([
      'linkage',
      'evaluate',
      FAKE_1000,
      '--truth',
      'cluster',
      '--map',
      'nick=first_name',
    ]);
    expect([badField.code, badField.stderr, badField.stdout]).toEqual([
      1,
      expect.stringContaining('Campo desconocido'),
      '',
    ]);
  });
});
