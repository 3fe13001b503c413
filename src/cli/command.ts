import type { Argv } from 'yargs';

/**
 * One `dreamer <name>` subcommand. Each lives in its own file in this folder and is listed in ./commands.ts.
 * `run` returns the process exit code (0 ok, 1 a failed check, 2 a user error).
 */
export interface CliCommand {
  name: string;
  /** yargs usage string, e.g. 'check-env <id>'. */
  usage: string;
  describe: string;
  builder(y: Argv): Argv;
  run(args: Record<string, unknown>): Promise<number>;
}
