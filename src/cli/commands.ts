import { benchCommand } from './bench.js';
import { checkEnvCommand } from './check-env.js';
import { envsCommand } from './envs.js';
import { plotCommand } from './plot.js';
import type { CliCommand } from './command.js';

/** Every subcommand of `dreamer`, in the order `dreamer --help` lists them. Add one line per new command. */
export const commands: CliCommand[] = [
  envsCommand,
  checkEnvCommand,
  benchCommand,
  plotCommand,
];
