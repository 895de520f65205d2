import { parseArgs } from 'node:util';
import { BackupError } from '../server/backup/format.ts';
import { ConfigError, loadConfig } from '../server/platform/config.ts';
import { ProblemError } from '../server/platform/http/problem.ts';
import type { Command } from './command.ts';
import { auditVerifyCommand } from './commands/audit.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { demoSeedCommand } from './commands/demo.ts';
import { keyExportCommand, keyRotateCommand } from './commands/key.ts';
import { linkageDedupCommand, linkageTrainCommand } from './commands/linkage-dedup.ts';
import { linkageEvaluateCommand } from './commands/linkage-evaluate.ts';
import { migrateCommand } from './commands/migrate.ts';
import { userCreateCommand, userResetTwoFactorCommand } from './commands/user.ts';
import { cliLogger } from './context.ts';
import { CliFailure, EXIT, UsageError } from './errors.ts';
import { consoleOutput, type Output } from './io.ts';

const COMMANDS: Command[] = [
  migrateCommand,
  userCreateCommand,
  userResetTwoFactorCommand,
  auditVerifyCommand,
  backupCommand,
  restoreCommand,
  keyExportCommand,
  keyRotateCommand,
  linkageEvaluateCommand,
  linkageDedupCommand,
  linkageTrainCommand,
  demoSeedCommand,
];

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Uso: amparo <orden> [opciones]',
    '',
    'Órdenes:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Use «amparo <orden> --help» para ver las opciones de cada orden.',
    '',
    'Usa la misma configuración que el servidor: AMPARO_DATA_DIR (por omisión ./data), DATABASE_URL,',
    'MIGRATION_DATABASE_URL, AMPARO_MASTER_KEY. Funciona también con el servidor en marcha.',
    'Códigos de salida: 0 correcto, 1 fallo, 2 uso incorrecto.',
  ].join('\n');
}

const commandHelp = (c: Command) =>
  [`Uso: ${c.usage}`, '', c.summary, ...(c.help ? ['', c.help] : [])].join('\n');

/** The command named by the first one or two words of the arguments. */
function findCommand(args: string[]): { command?: Command; rest: string[] } {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: args.slice(words) };
  }
  return { rest: args };
}

/** node:util parseArgs errors, in Spanish. */
function usageFromParseError(error: unknown, command: Command): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
  const usage = `Uso: ${command.usage}`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`Opción desconocida: ${quoted}`, usage);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(`Valor no válido para la opción ${quoted.split(' ')[0] ?? ''}`.trim(), usage);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError(`Argumento de más: ${quoted}`, usage);
  }
  return new UsageError((error as Error).message, usage);
}

/** Runs one command line; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(
  argv: string[],
  io: Output = consoleOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0]!)) {
    const { command } = findCommand(argv.slice(1));
    (argv.length === 0 ? io.err : io.out)(command ? commandHelp(command) : generalHelp());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const { command, rest } = findCommand(argv);
  try {
    if (!command) {
      const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
      throw new UsageError(
        group.length > 0
          ? `Falta la orden de «${argv[0]}»: ${group.map((c) => c.name).join(', ')}.`
          : `Orden desconocida: ${argv[0]}. Use «amparo help» para ver las órdenes.`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageFromParseError(error, command);
    }
    const { min, max, names } = command.positionals;
    if (parsed.positionals.length < min) {
      throw new UsageError(`Falta ${names ?? 'un argumento'}.`, `Uso: ${command.usage}`);
    }
    if (parsed.positionals.length > max) {
      throw new UsageError(`Argumento de más: ${parsed.positionals[max]}`, `Uso: ${command.usage}`);
    }
    const config = loadConfig(env);
    const code = await command.run(
      { config, io, log: cliLogger(config, io) },
      parsed.values,
      parsed.positionals,
    );
    return code ?? EXIT.ok;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: Output): number {
  if (error instanceof UsageError) {
    io.err(`Error: ${error.message}`);
    if (error.usage) io.err(error.usage);
    return EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.err(error.message);
    return EXIT.usage;
  }
  if (error instanceof CliFailure) {
    io.err(`Error: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ProblemError) {
    io.err(`Error: ${error.detail}`);
    for (const problem of error.options.errors ?? []) io.err(`  - ${problem.message}`);
    return EXIT.failure;
  }
  if (error instanceof BackupError) {
    io.err(`Error: ${error.message}`);
    return EXIT.failure;
  }
  io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failure;
}
