import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  pid: number;
  /** The first-run setup link printed on the console, if any. */
  setupUrl?: string;
  output: () => string;
  /** Sends the server a signal and waits for it to exit; its exit code (null when the signal ended it). */
  kill: (signal: NodeJS.Signals) => Promise<number | null>;
  /**
   * Stops the server and removes the data directory it was started with, unless that directory was given
   * (`AMPARO_DATA_DIR`) or `keepDataDir` is set: test runs must not leave keys and records behind.
   */
  stop: (options?: { keepDataDir?: boolean }) => Promise<void>;
}

/**
 * Starts the real server (`src/server/main.ts`) as a separate process with a data directory of its own;
 * `nodeArgs` go to Node before the script (a benchmark's `--cpu-prof`). A variable given as undefined is
 * left out of the server's environment.
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const givenDataDir = env.AMPARO_DATA_DIR;
  const dataDir = givenDataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-e2e-')));
  await fs.chmod(dataDir, 0o711);
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'],
    {
      env: {
        ...process.env,
        AMPARO_DATA_DIR: dataDir,
        // The port the system gives, read back from the server's message: a port found free beforehand can
        // be taken by a parallel test before the server binds it.
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 90_000;
  let ready: RegExpExecArray | null;
  while (!(ready = /Amparo está disponible en (https?:\/\/127\.0\.0\.1:\d+)/.exec(output))) {
    if (child.exitCode !== null) throw new Error(`El servidor terminó al arrancar:\n${output}`);
    if (Date.now() > deadline) throw new Error(`El servidor no arrancó a tiempo:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 200));
  const setupUrl = /(http\S+\/setup#\S+)/.exec(output)?.[1];
  return {
    baseUrl: ready[1]!,
    dataDir,
    pid: child.pid!,
    setupUrl,
    output: () => output,
    kill,
    stop: async ({ keepDataDir = false } = {}) => {
      await kill('SIGTERM');
      if (!givenDataDir && !keepDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
