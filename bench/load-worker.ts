/**
 * A load generator that runs in its own process (so it does not share the server's event loop): N
 * concurrent keep-alive connections issue the same request for a fixed time; prints JSON with requests/s
 * and latency percentiles. Bounded in time and count; loopback only.
 */
import http from 'node:http';

interface LoadSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  concurrency: number;
  seconds: number;
  expectStatus: number;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const target = new URL(spec.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('loopback only');
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
const latencies: number[] = [];
let errors = 0;
const deadline = performance.now() + spec.seconds * 1000;
const maxRequests = 2_000_000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: spec.method,
        headers: spec.headers,
        agent,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === spec.expectStatus) latencies.push(performance.now() - started);
          else errors++;
          resolve();
        });
      },
    );
    request.on('error', () => {
      errors++;
      resolve();
    });
    if (spec.body) request.write(spec.body);
    request.end();
  });
}

async function loop() {
  while (performance.now() < deadline && latencies.length + errors < maxRequests) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, loop));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
  }),
);
agent.destroy();
