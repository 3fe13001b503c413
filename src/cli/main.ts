import yargs, { type Argv } from 'yargs';
import { watchParent } from '../run/parent-watch.js';
import { DreamerError } from '../util/errors.js';
import { commands } from './commands.js';
import { unknownFlagsError } from './unknown-flags.js';

/**
 * Entry point of the `dreamer` command. User errors (`DreamerError`) print their message and exit 2 without a
 * stack trace; `--debug` shows the trace. Every command is strict: an unknown flag is a usage error naming the
 * closest known flag, never silently ignored.
 */
export async function main(argv: string[]): Promise<void> {
  watchParent(); // a trial of a sweep worker ends with its worker
  const debug = argv.includes('--debug');
  let exitCode = 0;
  // The matched command and its option names, recorded by its builder for the unknown-flag message.
  let current: { name: string; flags: string[] } | undefined;
  try {
    let y = yargs(argv)
      .scriptName('dreamer')
      .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of errors' })
      .strict()
      .locale('en')
      .demandCommand(1, 'Name a command; `dreamer --help` lists them.')
      .help()
      .fail((msg, err) => {
        if (err) throw err;
        const ctx = { command: current?.name, flags: current?.flags ?? [], commands: commands.map((c) => c.name) };
        throw unknownFlagsError(msg, ctx, argv) ?? new DreamerError(`${msg}\nRun \`dreamer --help\` for usage.`);
      });
    for (const c of commands) {
      y = y.command(
        c.usage,
        c.describe,
        (b) => {
          const built = c.builder(b);
          current = { name: c.name, flags: optionNames(built) };
          return built;
        },
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

/** The option names yargs knows in this context (`getOptions` is yargs API that @types/yargs 17 does not declare). */
function optionNames(y: Argv): string[] {
  return Object.keys((y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
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
