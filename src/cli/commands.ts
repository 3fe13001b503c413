import { benchCommand } from './bench.js';
import { plotCommand } from './plot.js';
import type { CliCommand } from './command.js';

/** Every subcommand of `dreamer`, in the order `dreamer --help` lists them. Add one line per new command. */
export const commands: CliCommand[] = [
  benchCommand,
  plotCommand,
];
