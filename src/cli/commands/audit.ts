import { laneEvents } from '../../server/platform/audit/anchor.ts';
import { verifyAuditChain } from '../../server/platform/audit/verify.ts';
import { defineCommand } from '../command.ts';
import { withDatabase } from '../context.ts';

export const auditVerifyCommand = defineCommand({
  name: 'audit verify',
  summary: 'Recorre la cadena de auditoría y comprueba que ningún evento se alteró, quitó o reordenó.',
  usage: 'amparo audit verify',
  help:
    'La cadena se compone de carriles (cadenas paralelas). Recalcula el hash de cada evento, comprueba su\n' +
    'enlace con el anterior de su carril y que el final de cada carril coincida con su cabecera y con el\n' +
    'ancla guardada en el directorio de datos. Sale con 1 y nombra el primer evento con problemas.',
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
            (result.anchor ? `; el ancla (${laneEvents(result.anchor)} eventos) coincide.` : '.'),
        );
        return 0;
      }
      const bad = result.firstBad!;
      ctx.io.out(`La cadena de auditoría NO es íntegra. Primer evento con problemas: ${bad.seq}.`);
      ctx.io.out(`  ${bad.reason}`);
      ctx.io.out(`  Eventos íntegros (los anteriores al primer problema de cada carril): ${result.events}.`);
      return 1;
    }),
});
