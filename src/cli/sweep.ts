import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import type { TextStream } from '../log/index.js';
import { SIGNAL_EXIT_CODES, type StopSignal } from '../run/train.js';
import { runSweep, sweepStatus } from '../sweep/sweep.js';
import { ConfigError } from '../util/errors.js';
import type { CliCommand } from './command.js';

const STATUS = 'status';
/** The sweep's lines go through console.log, as every command's output does (tests capture it there). */
const CONSOLE: TextStream = { write: (text: string) => (console.log(text.replace(/\n$/, '')), true) };

export const sweepCommand: CliCommand = {
  name: 'sweep',
  usage: 'sweep <file> [dir]',
  describe: 'run a sweep file (grid/random search × seeds) as parallel `dreamer train` trials; `sweep status DIR` shows a sweep folder',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: `the sweep file (YAML), or \`${STATUS}\`` })
      .positional('dir', { type: 'string', describe: `with \`${STATUS}\`: the sweep folder` })
      .option('workers', { type: 'number', describe: 'trials at once (default: the cores divided by the threads of one trial)' })
      .option('out', { type: 'string', describe: 'the sweep folder (default: sweeps/<file name>); a rerun into it skips done trials' })
      .example('dreamer sweep lr.yaml --workers 2', 'run every trial of lr.yaml into sweeps/lr/, two at a time')
      .example('dreamer sweep status sweeps/lr', 'each trial\'s state and the summary so far'),
  async run(args) {
    const file = String(args.file);
    if (file === STATUS) {
      if (args.dir === undefined) throw new ConfigError('`dreamer sweep status` needs the sweep folder: `dreamer sweep status sweeps/<name>`.');
      sweepStatus(String(args.dir), CONSOLE);
      return 0;
    }
    if (args.dir !== undefined) throw new ConfigError(`unexpected argument "${String(args.dir)}": give the sweep folder with --out DIR.`);
    const workers = args.workers === undefined ? undefined : Number(args.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new ConfigError(`--workers ${String(args.workers)}: give a whole number of trials at once, at least 1.`);
    const out = args.out === undefined ? join('sweeps', basename(file, extname(file))) : String(args.out);
    const stop = new AbortController();
    let received: StopSignal | undefined;
    const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((signal) => {
      const handler = (): void => {
        if (received) return; // the trials got their one SIGTERM; a second would make them exit without a checkpoint
        received = signal;
        console.log(`[sweep] ${signal}: stopping the running trials (each writes a checkpoint); rerun the same command to continue`);
        stop.abort();
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    try {
      const result = await runSweep(file, { out, ...(workers !== undefined && { workers }), stop: stop.signal, stream: CONSOLE });
      if (received) return SIGNAL_EXIT_CODES[received];
      return result.states.some((s) => s.status === 'failed') ? 1 : 0;
    } finally {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    }
  },
};
