import { runCli } from './run.ts';

const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
// Should anything still hold the event loop open (a pool, a timer), leave anyway.
setTimeout(() => process.exit(exitCode), 2000).unref();
