import path from 'node:path';
import { createBackup } from '../../server/backup/backup.ts';
import { connect } from '../../server/backup/catalog.ts';
import { checkKeyRingOpens, currentKeyRing } from '../../server/backup/keys.ts';
import { DatabaseNotEmptyError, restoreBackup } from '../../server/backup/restore.ts';
import { verifyAuditChain } from '../../server/platform/audit/verify.ts';
import { Envelope } from '../../server/platform/crypto/envelope.ts';
import { migrate } from '../../server/platform/db/migrate.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withDatabase } from '../context.ts';
import { CliFailure } from '../errors.ts';

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'Escribe una copia de seguridad cifrada y coherente de todos los datos.',
  usage: 'amparo backup ARCHIVO',
  help:
    'La copia se toma por la conexión a la base de datos mientras el servidor sigue funcionando. Se cifra\n' +
    'con una clave derivada de la clave maestra, que no va en la copia: para restaurarla hace falta la\n' +
    'clave maestra (guárdela aparte con «amparo key export»).',
  options: {},
  positionals: { min: 1, max: 1, names: 'ARCHIVO' },
  run: async (ctx, _values, [file]) =>
    withDatabase(ctx, async ({ ownerUrl, db, flushAnchor }) => {
      const envelope = new Envelope(await currentKeyRing(ctx.config.dataDir, ctx.config.masterKeyBase64));
      const client = await connect(ownerUrl);
      try {
        await checkKeyRingOpens(client, envelope);
      } finally {
        await client.end();
      }
      const summary = await createBackup({ ownerUrl, envelope, file: file! });
      await auditCli(db, {
        action: 'backup.created',
        details: {
          file: path.basename(summary.file),
          bytes: summary.bytes,
          tables: summary.tables,
          rows: summary.rows,
          keyId: summary.header.keyId,
          anchor: summary.header.anchor,
        },
      });
      await flushAnchor();
      ctx.io.out(
        `Copia escrita en ${summary.file} (${size(summary.bytes)}): ${summary.tables} tablas, ` +
          `${summary.rows} filas, auditoría hasta el evento ${summary.header.anchor.lastSeq} ` +
          `(${summary.header.anchor.events} eventos), ` +
          `cifrada con la clave «${summary.header.keyId}».`,
      );
    }),
});

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Reemplaza todos los datos por los de una copia de seguridad.',
  usage: 'amparo restore ARCHIVO [--yes]',
  help:
    '  --yes   confirma que se reemplacen los datos de una base que no está vacía\n' +
    'Antes de cambiar nada se comprueba que la copia esté completa, sin alterar y cifrada con una clave\n' +
    'del anillo; la restauración ocurre en una sola transacción. Detenga el servidor antes de restaurar.\n' +
    'En una instalación nueva, ponga primero el archivo de claves exportado como master.key en el\n' +
    'directorio de datos.',
  options: { yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: 'ARCHIVO' },
  run: async (ctx, values, [file]) =>
    withDatabase(ctx, async ({ ownerUrl, db, flushAnchor, refuseWhileServing }) => {
      const envelope = new Envelope(await currentKeyRing(ctx.config.dataDir, ctx.config.masterKeyBase64));
      await migrate(ownerUrl, (m) => ctx.io.err(m));
      const client = await connect(ownerUrl);
      try {
        await refuseWhileServing(client, 'restaurar');
      } finally {
        await client.end();
      }
      let summary;
      try {
        summary = await restoreBackup({
          ownerUrl,
          envelope,
          file: file!,
          dataDir: ctx.config.dataDir,
          replace: values.yes === true,
          onProgress: (m) => ctx.io.err(m),
        });
      } catch (error) {
        if (error instanceof DatabaseNotEmptyError) {
          throw new CliFailure(`${error.message} Si es lo que quiere, repita la orden con --yes.`, 2);
        }
        throw error;
      }
      ctx.io.out(
        `Copia del ${summary.header.createdAt} restaurada: ${summary.tables} tablas, ${summary.rows} filas; ` +
          `auditoría hasta el evento ${summary.header.anchor.lastSeq} (${summary.header.anchor.events} eventos).`,
      );
      const chain = await verifyAuditChain(db, { dataDir: ctx.config.dataDir });
      await flushAnchor();
      if (!chain.ok) {
        ctx.io.out(
          `La cadena de auditoría restaurada NO es íntegra: evento ${chain.firstBad!.seq}. ${chain.firstBad!.reason}`,
        );
        return 1;
      }
      ctx.io.out(`Cadena de auditoría íntegra: ${chain.events} eventos.`);
      return 0;
    }),
});
