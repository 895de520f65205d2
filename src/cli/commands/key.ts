import fs from 'node:fs/promises';
import path from 'node:path';
import { connect } from '../../server/backup/catalog.ts';
import { exportKeyRing, rotateMasterKey } from '../../server/backup/keys.ts';
import { migrate } from '../../server/platform/db/migrate.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withDatabase } from '../context.ts';
import { CliFailure } from '../errors.ts';

const GUARD_WARNING =
  'ATENCIÓN: este archivo contiene las claves maestras. Quien lo tenga junto con una copia de seguridad\n' +
  'puede leer todos los datos cifrados; si se pierde, y con él la clave del servidor, esos datos se\n' +
  'pierden para siempre. Guárdelo fuera de línea (p. ej. una memoria USB bajo llave), nunca junto a las\n' +
  'copias de seguridad, y no lo envíe por correo ni mensajería.';

export const keyExportCommand = defineCommand({
  name: 'key export',
  summary: 'Exporta el anillo de claves maestras para guardarlo fuera de línea.',
  usage: 'amparo key export [ARCHIVO]',
  help:
    'Escribe el anillo en ARCHIVO (permisos 0600; no reemplaza un archivo existente) o, sin ARCHIVO, en la\n' +
    'salida estándar. El archivo tiene el formato de master.key: para recuperar una instalación, póngalo\n' +
    'como master.key en su directorio de datos.',
  options: {},
  positionals: { min: 0, max: 1, names: '[ARCHIVO]' },
  run: async (ctx, _values, [file]) => {
    const text = await exportKeyRing(ctx.config.dataDir, ctx.config.masterKeyBase64);
    await withDatabase(ctx, async ({ db, flushAnchor }) => {
      if (file) {
        try {
          await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new CliFailure(`${file} ya existe; elija otro nombre (no se reemplaza).`);
          }
          throw error;
        }
      }
      await auditCli(db, {
        action: 'key.exported',
        details: file ? { file: path.basename(file) } : { to: 'stdout' },
      });
      await flushAnchor();
    });
    if (file) ctx.io.err(`Anillo de claves escrito en ${path.resolve(file)}.`);
    else ctx.io.out(text.trimEnd());
    ctx.io.err(GUARD_WARNING);
  },
});

export const keyRotateCommand = defineCommand({
  name: 'key rotate',
  summary: 'Crea una clave maestra nueva y vuelve a cifrar con ella todas las claves de datos.',
  usage: 'amparo key rotate [--retire-old]',
  help:
    '  --retire-old   quita del anillo las claves anteriores (las copias de seguridad hechas con ellas\n' +
    '                 dejarán de poder restaurarse con este anillo: expórtelo antes)\n' +
    'Sin --retire-old las claves anteriores siguen en el anillo y las copias antiguas siguen legibles.\n' +
    'Con AMPARO_MASTER_KEY no hay archivo que escribir: se muestra la clave nueva, que debe poner en\n' +
    'AMPARO_MASTER_KEY antes de volver a arrancar. Detenga el servidor antes de rotar.',
  options: { 'retire-old': { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  run: async (ctx, values) =>
    withDatabase(ctx, async ({ ownerUrl, flushAnchor, refuseWhileServing }) => {
      await migrate(ownerUrl, (m) => ctx.io.err(m));
      const client = await connect(ownerUrl);
      try {
        await refuseWhileServing(client, 'rotar la clave');
        const summary = await rotateMasterKey({
          client,
          dataDir: ctx.config.dataDir,
          masterKeyBase64: ctx.config.masterKeyBase64,
          retireOld: values['retire-old'] === true,
        });
        await flushAnchor();
        const counts = Object.entries(summary.rewrapped)
          .map(([column, n]) => `${column}: ${n}`)
          .join(', ');
        ctx.io.out(`Valores cifrados de nuevo — ${counts}.`);
        if (summary.newMasterKeyBase64) {
          ctx.io.out('Clave maestra nueva. Póngala en AMPARO_MASTER_KEY antes de volver a arrancar Amparo:');
          ctx.io.out(summary.newMasterKeyBase64);
          ctx.io.err(
            'ATENCIÓN: los datos ya están cifrados con esta clave; la anterior ya no los abre. Sin la clave\n' +
              'nueva se pierden. Las copias de seguridad anteriores necesitan la clave anterior.',
          );
          if (values['retire-old'])
            ctx.io.err('Con AMPARO_MASTER_KEY no hay anillo: --retire-old no cambia nada.');
        } else {
          ctx.io.out(
            `Clave maestra nueva «${summary.newKeyId}» activa en ${path.join(ctx.config.dataDir, 'master.key')}.`,
          );
          if (summary.retired.length > 0) {
            ctx.io.out(`Claves retiradas del anillo: ${summary.retired.join(', ')}.`);
            ctx.io.err(
              'Las copias de seguridad hechas con las claves retiradas ya no se restauran con este anillo.',
            );
          }
          ctx.io.err('Exporte el anillo nuevo («amparo key export») y guárdelo fuera de línea.');
        }
      } finally {
        await client.end();
      }
    }),
});
