import { z } from 'zod';
import { pendingMigrations } from '../platform/db/migrate.ts';
import { definePublicRoute } from '../platform/http/route.ts';
import { ProblemError } from '../platform/http/problem.ts';

const health = definePublicRoute({
  method: 'GET',
  url: '/api/health',
  summary: 'El proceso está en marcha',
  tags: ['system'],
  policy: { public: true },
  schema: { response: z.object({ status: z.literal('ok') }) },
  handler: async () => ({ status: 'ok' as const }),
});

const ready = definePublicRoute({
  method: 'GET',
  url: '/api/ready',
  summary: 'La base de datos responde y las migraciones están al día',
  tags: ['system'],
  policy: { public: true },
  schema: { response: z.object({ status: z.literal('ready'), migrations: z.number().int() }) },
  handler: async ({ services }) => {
    const client = await services.pool.connect().catch(() => undefined);
    if (!client) throw new ProblemError('unavailable', 'La base de datos no responde.');
    try {
      const pending = await pendingMigrations(client);
      if (pending.length > 0)
        throw new ProblemError('unavailable', `Faltan migraciones: ${pending.join(', ')}`);
      const applied = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migration');
      return { status: 'ready' as const, migrations: applied.rows[0]?.n ?? 0 };
    } finally {
      client.release();
    }
  },
});

export const systemRoutes = [health, ready];
