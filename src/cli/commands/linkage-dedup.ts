import { runDedup, loadRegistry, type DedupPhase, type DedupProgress } from '../../server/linkage/dedup.ts';
import { MIN_TRAINING_RECORDS, trainAndActivate } from '../../server/linkage/models.ts';
import { defineCommand } from '../command.ts';
import { auditCli, withRuntime } from '../context.ts';
import { CliFailure, UsageError } from '../errors.ts';
import { consoleOutput, type Output } from '../io.ts';

const PHASES: Record<DedupPhase, string> = {
  load: 'Cargando personas',
  keys: 'Claves de bloqueo',
  scan: 'Buscando pares',
  save: 'Guardando en la cola',
};

/**
 * Progress on stderr: a bar redrawn in place at a terminal, else one line per phase every 10 %, so that a
 * log file stays readable.
 */
export function progressReporter(io: Output, tty: boolean) {
  let phase: DedupPhase | undefined;
  let lastStep = -1;
  let lastDraw = 0;
  return {
    report: (p: DedupProgress) => {
      const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const label = PHASES[p.phase];
      if (tty) {
        const now = Date.now();
        if (p.phase === phase && fraction < 1 && now - lastDraw < 100) return;
        if (phase !== undefined && p.phase !== phase) process.stderr.write('\n');
        phase = p.phase;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(
          `\r${label.padEnd(22)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)} %`,
        );
        return;
      }
      const step = Math.floor(fraction * 10);
      if (p.phase === phase && step === lastStep) return;
      if (p.phase !== phase) lastStep = -1;
      phase = p.phase;
      if (step === lastStep) return;
      lastStep = step;
      io.err(`${label}: ${step * 10} %`);
    },
    end: () => {
      if (tty && phase !== undefined) process.stderr.write('\n');
    },
  };
}

const number = (n: number) => n.toLocaleString('es-GT');

export const linkageDedupCommand = defineCommand({
  name: 'linkage dedup',
  summary: 'Busca posibles duplicados en todo el registro y los pone en la cola de revisión; nunca fusiona.',
  usage: 'amparo linkage dedup [--min-probability P] [--rebuild-keys]',
  help:
    '  --min-probability P  encola los pares con probabilidad de coincidencia ≥ P (por omisión 0,5)\n' +
    '  --rebuild-keys       recalcula antes las claves de bloqueo de todas las personas\n' +
    'Compara solo personas que comparten una clave de bloqueo, con el modelo activo; los pares de una\n' +
    'misma institución van a su cola de revisión con su explicación. Un par ya decidido (fusionado o «no es\n' +
    'la misma persona») no se vuelve a proponer. Los pares entre instituciones se cuentan y no se encolan.',
  options: {
    'min-probability': { type: 'string' },
    'rebuild-keys': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  run: async (ctx, values) => {
    const given = values['min-probability'];
    const minProbability = typeof given === 'string' ? Number(given.replace(',', '.')) : undefined;
    if (minProbability !== undefined && !(minProbability > 0 && minProbability < 1)) {
      throw new UsageError(
        '--min-probability debe ser un número entre 0 y 1.',
        `Uso: ${linkageDedupCommand.usage}`,
      );
    }
    return withRuntime(ctx, async (runtime) => {
      const db = runtime.services.db;
      const progress = progressReporter(ctx.io, ctx.io === consoleOutput && Boolean(process.stderr.isTTY));
      const result = await runDedup(db, {
        pool: runtime.services.pool,
        minProbability,
        rebuildKeys: values['rebuild-keys'] === true,
        onProgress: progress.report,
      });
      progress.end();
      await auditCli(db, {
        action: 'linkage.dedup_completed',
        details: {
          modelVersion: result.modelVersion,
          persons: result.persons,
          candidatePairs: result.candidatePairs,
          matchedPairs: result.matchedPairs,
          queued: result.queued,
          updated: result.updated,
          alreadyDecided: result.alreadyDecided,
          crossAgencyPairs: result.crossAgencyPairs,
          totalMs: result.timings.totalMs,
        },
      });
      runtime.services.anchorAudit();
      const seconds = (result.timings.totalMs / 1000).toFixed(1);
      ctx.io.out(
        `Deduplicación terminada en ${seconds} s con el modelo versión ${result.modelVersion}: ` +
          `${number(result.persons)} personas, ${number(result.candidatePairs)} pares candidatos, ` +
          `${number(result.matchedPairs)} posibles duplicados.`,
      );
      ctx.io.out(
        `Cola de revisión: ${number(result.queued)} pares nuevos, ${number(result.updated)} actualizados, ` +
          `${number(result.alreadyDecided)} ya decididos (no se vuelven a proponer). Ninguna fusión.`,
      );
      if (result.crossAgencyPairs > 0) {
        ctx.io.out(
          `Pares candidatos entre instituciones (no se encolan): ${number(result.crossAgencyPairs)}.`,
        );
      }
    });
  },
});

export const linkageTrainCommand = defineCommand({
  name: 'linkage train',
  summary:
    'Entrena el modelo de enlace con el propio registro (sin etiquetas) y lo activa como versión nueva.',
  usage: 'amparo linkage train',
  help:
    `Hacen falta al menos ${MIN_TRAINING_RECORDS} personas; con menos se sigue usando el modelo incluido.\n` +
    'Las versiones anteriores se conservan: cada par de la cola indica la versión que lo puntuó.',
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (ctx) =>
    withRuntime(ctx, async (runtime) => {
      const db = runtime.services.db;
      const registry = await loadRegistry(db);
      if (registry.records.length < MIN_TRAINING_RECORDS) {
        throw new CliFailure(
          `El registro tiene ${registry.records.length} personas; hacen falta al menos ${MIN_TRAINING_RECORDS} ` +
            'para entrenar. Se sigue usando el modelo activo.',
        );
      }
      const { version, parameters } = await trainAndActivate(db, registry.records, null);
      await auditCli(db, {
        action: 'linkage.model_trained',
        details: { version, records: registry.records.length, lambda: parameters.lambda },
      });
      runtime.services.anchorAudit();
      ctx.io.out(
        `Modelo de enlace versión ${version} entrenado con ${number(registry.records.length)} personas y activado.`,
      );
    }),
});
