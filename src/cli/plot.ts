import type { Argv } from 'yargs';
import { plotRuns } from '../plot/plot.js';
import type { CliCommand } from './command.js';

const DEFAULT_METRIC = 'eval/return_mean';
/** The figure written when neither --out nor --html is given. */
const DEFAULT_OUT = 'plot.png';

export const plotCommand: CliCommand = {
  name: 'plot',
  usage: 'plot <logdirs..>',
  describe: 'learning curves of runs: one curve per config, mean and 95 % band across seeds (PNG, SVG or an interactive page)',
  builder: (y: Argv) =>
    y
      .positional('logdirs', { type: 'string', array: true, describe: 'run folders (or parents of seed folders)' })
      .option('metric', { type: 'string', default: DEFAULT_METRIC, describe: 'metrics.jsonl key on the y axis' })
      .option('out', { type: 'string', describe: `figure file, .png or .svg (default ${DEFAULT_OUT} unless --html is given)` })
      .option('html', { type: 'string', describe: 'interactive page, .html: pan, zoom, tooltips; works offline' })
      .example('dreamer plot runs/cartpole --out cartpole.png', 'eval return of all seeds under runs/cartpole')
      .example('dreamer plot runs/a runs/b --metric episode/return --out ab.svg', 'two configs side by side')
      .example('dreamer plot runs/a runs/b --html ab.html', 'a page to open in a browser and share'),
  async run(args) {
    const logdirs = (args.logdirs as unknown[]).map(String);
    const html = args.html === undefined ? undefined : String(args.html);
    const out = args.out === undefined ? (html === undefined ? DEFAULT_OUT : undefined) : String(args.out);
    const summary = await plotRuns(logdirs, { metric: String(args.metric), out, html });
    for (const g of summary.groups) console.log(`${g.label}: ${g.runs.length} run(s), ${g.points} points`);
    for (const file of summary.written) console.log(`wrote ${file}`);
    return 0;
  },
};
