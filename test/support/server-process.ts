import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  pid: number;
  /** The first-run setup link printed on the console, if any. */
  setupUrl?: string;
  output: () => string;
  /**
   * Stops the server and removes the data directory it was started with, unless that directory was given
   * (`AMPARO_DATA_DIR`) or `keepDataDir` is set: test runs must not leave keys and records behind.
   */
  stop: (options?: { keepDataDir?: boolean }) => Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Starts the real server (`src/server/main.ts`) as a separate process with a data directory of its own;
 * `nodeArgs` go to Node before the script (a benchmark's `--cpu-prof`).
 */
export async function startServer(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const givenDataDir = env.AMPARO_DATA_DIR;
  const dataDir = givenDataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-e2e-')));
  await fs.chmod(dataDir, 0o711);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'],
    {
      env: {
        ...process.env,
        AMPARO_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const baseUrl = `${env.TLS_CERT ? 'https' : 'http'}://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (!output.includes('Amparo está disponible')) {
    if (child.exitCode !== null) throw new Error(`El servidor terminó al arrancar:\n${output}`);
    if (Date.now() > deadline) throw new Error(`El servidor no arrancó a tiempo:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 200));
  const setupUrl = /(http\S+\/setup#\S+)/.exec(output)?.[1];
  return {
    baseUrl,
    dataDir,
    pid: child.pid!,
    setupUrl,
    output: () => output,
    stop: async ({ keepDataDir = false } = {}) => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!givenDataDir && !keepDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
