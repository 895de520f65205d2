import fs from 'node:fs/promises';
import pino from 'pino';
import { buildApp, loggerOptions } from './app.ts';
import { issueSetupLinkIfNeeded } from './identity/one-time-links.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openRuntime } from './platform/runtime.ts';
import { publicUrl } from './public-url.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const log = pino(loggerOptions(config.logLevel) as pino.LoggerOptions);
  const runtime = await openRuntime(config, log);
  const https = config.tls
    ? { cert: await fs.readFile(config.tls.certFile), key: await fs.readFile(config.tls.keyFile) }
    : undefined;
  const app = await buildApp(runtime.services, { https });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Deteniendo: se terminan las solicitudes en curso');
    const forced = setTimeout(() => process.exit(1), 60_000);
    forced.unref();
    try {
      await app.close(); // stops accepting, waits for in-flight requests
      await runtime.close(); // anchors the audit chain, closes the pool, stops PostgreSQL cleanly
      log.info('Detenido');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'Error al detener');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = publicUrl(config, port);
  const setupToken = await issueSetupLinkIfNeeded(runtime.services.db, runtime.services.hasher);
  console.log(`\nAmparo está disponible en ${base}`);
  if (setupToken) {
    console.log(
      `\nPrimera puesta en marcha: abra este enlace de un solo uso para crear la cuenta de administración\n` +
        `(válido 24 horas; se reemplaza en cada arranque mientras no exista ninguna cuenta):\n\n  ${base}/setup#${setupToken}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`No se pudo iniciar Amparo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
