import { benchCommand } from './bench.js';
import { bsuiteCommand } from './bsuite.js';
import { checkEnvCommand } from './check-env.js';
import { envsCommand } from './envs.js';
import { plotCommand } from './plot.js';
import { evalCommand } from './eval.js';
import { dreamCommand } from './dream.js';
import { sweepCommand } from './sweep.js';
import { trainCommand } from './train.js';
import { workerCommand } from './worker.js';
import type { CliCommand } from './command.js';

/** Every subcommand of `dreamer`, in the order `dreamer --help` lists them. Add one line per new command. */
export const commands: CliCommand[] = [
  trainCommand,
  envsCommand,
  checkEnvCommand,
  benchCommand,
  plotCommand,
  evalCommand,
  dreamCommand,
  sweepCommand,
  workerCommand,
  bsuiteCommand,
];
