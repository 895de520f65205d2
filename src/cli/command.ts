import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './context.ts';

export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface Command {
  /** e.g. "user create" */
  name: string;
  summary: string;
  usage: string;
  /** Extra lines of help after the usage. */
  help?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: { min: number; max: number; names?: string };
  run: (ctx: CliContext, values: OptionValues, positionals: string[]) => Promise<number> | Promise<void>;
}

export const defineCommand = (command: Command) => command;
