import path from 'node:path';
import { z } from 'zod';

const booleanText = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * TRUST_PROXY: "false" (default), "true" (trust every hop), a hop count, or a comma-separated list of
 * proxy addresses / CIDR ranges. Fastify's trustProxy accepts the same forms.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const list = value.split(',').map((s) => s.trim());
    if (list.every((s) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s))) return list;
    ctx.addIssue({
      code: 'custom',
      message: 'debe ser true, false, un número de saltos o una lista de direcciones',
    });
    return z.NEVER;
  });

const environmentSchema = z
  .object({
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    AMPARO_DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    AMPARO_MASTER_KEY: z
      .string()
      .trim()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'debe ser 32 bytes en base64')
      .optional(),
    TLS_CERT: z.string().trim().min(1).optional(),
    TLS_KEY: z.string().trim().min(1).optional(),
    TRUST_PROXY: trustProxy.default(false),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24)
      .default(12),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCKOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    LIST_TOTAL_CAP: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    SEARCH_TOTAL_CAP: z.coerce.number().int().min(1).max(10_000_000).default(1_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    AMPARO_SECURE_COOKIES: booleanText.optional(),
  })
  .refine((env) => Boolean(env.TLS_CERT) === Boolean(env.TLS_KEY), {
    message: 'TLS_CERT y TLS_KEY se dan juntos',
    path: ['TLS_KEY'],
  })
  .refine((env) => !env.MIGRATION_DATABASE_URL || env.DATABASE_URL, {
    message: 'MIGRATION_DATABASE_URL necesita DATABASE_URL',
    path: ['MIGRATION_DATABASE_URL'],
  });

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuración no válida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function toConfig(env: z.output<typeof environmentSchema>) {
  const tls = env.TLS_CERT && env.TLS_KEY ? { certFile: env.TLS_CERT, keyFile: env.TLS_KEY } : undefined;
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: path.resolve(env.AMPARO_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL,
    masterKeyBase64: env.AMPARO_MASTER_KEY,
    tls,
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.PUBLIC_URL,
    /** Cookies get the Secure flag when served over TLS or behind a proxy that terminates it. */
    secureCookies: env.AMPARO_SECURE_COOKIES ?? (Boolean(tls) || env.TRUST_PROXY !== false),
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.SESSION_MAX_HOURS * 3_600_000,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockoutMs: env.LOGIN_LOCKOUT_MINUTES * 60_000,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
    dbPoolSize: env.DB_POOL_SIZE,
    /** Case and person lists count their total up to this many (docs/decisions/0013). */
    listTotalCap: env.LIST_TOTAL_CAP,
    /** Person search of a wide scope counts (and ranks) what it finds up to this many (decision 0013). */
    searchTotalCap: env.SEARCH_TOTAL_CAP,
    logLevel: env.LOG_LEVEL,
  };
}

/** Reads and validates the environment; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'entorno'}: ${i.message}`));
  }
  return toConfig(parsed.data);
}
