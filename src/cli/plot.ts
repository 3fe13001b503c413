import type { Argv } from 'yargs';
import { plotRuns } from '../plot/plot.js';
import type { CliCommand } from './command.js';

const DEFAULT_METRIC = 'eval/return_mean';
const DEFAULT_OUT = 'plot.png';

export const plotCommand: CliCommand = {
  name: 'plot',
  usage: 'plot <logdirs..>',
  describe: 'learning curves of runs: one curve per config, mean and 95 % band across seeds (PNG or SVG)',
  builder: (y: Argv) =>
    y
      .positional('logdirs', { type: 'string', array: true, describe: 'run folders (or parents of seed folders)' })
      .option('metric', { type: 'string', default: DEFAULT_METRIC, describe: 'metrics.jsonl key on the y axis' })
      .option('out', { type: 'string', default: DEFAULT_OUT, describe: 'output file, .png or .svg' })
      .example('dreamer plot runs/cartpole --out cartpole.png', 'eval return of all seeds under runs/cartpole')
      .example('dreamer plot runs/a runs/b --metric episode/return --out ab.svg', 'two configs side by side'),
  async run(args) {
    const logdirs = (args.logdirs as unknown[]).map(String);
    const summary = plotRuns(logdirs, { metric: String(args.metric), out: String(args.out) });
    for (const g of summary.groups) console.log(`${g.label}: ${g.runs.length} run(s), ${g.points} points`);
    console.log(`wrote ${summary.out}`);
    return 0;
  },
};
