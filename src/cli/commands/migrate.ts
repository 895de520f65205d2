import { connect, kyselyOn } from '../../server/backup/catalog.ts';
import { migrate } from '../../server/platform/db/migrate.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withDatabase } from '../context.ts';

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Aplica las migraciones pendientes del esquema de la base de datos.',
  usage: 'amparo migrate',
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (ctx) =>
    withDatabase(ctx, async ({ ownerUrl, flushAnchor }) => {
      const applied = await migrate(ownerUrl, (m) => ctx.io.err(m));
      if (applied.length === 0) {
        ctx.io.out('El esquema ya estaba al día; no se aplicó ninguna migración.');
        return;
      }
      const client = await connect(ownerUrl);
      try {
        await auditCli(kyselyOn(client), { action: 'schema.migrated', details: { versions: applied } });
      } finally {
        await client.end();
      }
      await flushAnchor();
      ctx.io.out(`Migraciones aplicadas: ${applied.join(', ')}.`);
    }),
});
