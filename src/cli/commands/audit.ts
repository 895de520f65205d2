import { verifyAuditChain } from '../../server/platform/audit/verify.ts';
import { defineCommand } from '../command.ts';
import { withDatabase } from '../context.ts';

export const auditVerifyCommand = defineCommand({
  name: 'audit verify',
  summary: 'Recorre la cadena de auditoría y comprueba que ningún evento se alteró, quitó o reordenó.',
  usage: 'amparo audit verify',
  help:
    'Recalcula el hash de cada evento, comprueba su enlace con el anterior y que el final de la cadena\n' +
    'coincida con su cabecera y con el ancla guardada en el directorio de datos. Sale con 1 y nombra el\n' +
    'primer evento con problemas.',
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (ctx) =>
    withDatabase(ctx, async ({ db }) => {
      let lastReport = Date.now();
      const result = await verifyAuditChain(db, {
        dataDir: ctx.config.dataDir,
        onProgress: (events) => {
          if (Date.now() - lastReport < 2000) return;
          lastReport = Date.now();
          ctx.io.err(`… ${events} eventos comprobados`);
        },
      });
      if (!result.anchor) {
        ctx.io.err(
          `Aviso: no hay ancla de auditoría en ${ctx.config.dataDir}; sin ella no se detecta que se borren ` +
            'los eventos más recientes.',
        );
      }
      if (result.ok) {
        ctx.io.out(
          `Cadena de auditoría íntegra: ${result.events} eventos` +
            (result.anchor ? `; el ancla (evento ${result.anchor.seq}) coincide.` : '.'),
        );
        return 0;
      }
      const bad = result.firstBad!;
      ctx.io.out(`La cadena de auditoría NO es íntegra. Primer evento con problemas: ${bad.seq}.`);
      ctx.io.out(`  ${bad.reason}`);
      ctx.io.out(`  Eventos correctos antes de él: ${result.events}.`);
      return 1;
    }),
});
