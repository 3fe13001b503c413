import yargs from 'yargs';
import { DreamerError } from '../util/errors.js';
import { commands } from './commands.js';

/**
 * Entry point of the `dreamer` command. User errors (`DreamerError`) print their message and exit 2 without a
 * stack trace; `--debug` shows the trace.
 */
export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  let exitCode = 0;
  try {
    let y = yargs(argv)
      .scriptName('dreamer')
      .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of errors' })
      .strictCommands()
      .demandCommand(1, 'Name a command; `dreamer --help` lists them.')
      .help()
      .fail((msg, err) => {
        throw err ?? new DreamerError(`${msg}\nRun \`dreamer --help\` for usage.`);
      });
    for (const c of commands) {
      y = y.command(
        c.usage,
        c.describe,
        (b) => c.builder(b),
        async (args) => {
          exitCode = await c.run(args as Record<string, unknown>);
        },
      );
    }
    await y.parseAsync();
  } catch (err) {
    exitCode = reportError(err, debug);
  }
  process.exitCode = exitCode;
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof DreamerError) {
    console.error(`dreamer: ${err.message}`);
    if (debug) console.error(err.stack);
    return 2;
  }
  console.error(debug ? err : `dreamer: unexpected error: ${err instanceof Error ? err.message : String(err)} (run with --debug for the stack trace)`);
  return 1;
}
