import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import type { TextStream } from '../log/index.js';
import { SIGNAL_EXIT_CODES, type StopSignal } from '../run/train.js';
import { parseRedisUrl } from '../sweep/queue-url.js';
import { QueueRunner } from '../sweep/queue-runner.js';
import { SLURM_SCRIPT, slurmScript, submitSlurm } from '../sweep/slurm.js';
import { SWEEP_FILE } from '../sweep/sweep-file.js';
import { prepareSweep, runSweep, runTrialAt, sweepStatus } from '../sweep/sweep.js';
import { dreamerEntry } from '../sweep/train-child.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ConfigError } from '../util/errors.js';
import type { CliCommand } from './command.js';

const STATUS = 'status';
const RUN_TRIAL = 'run-trial';
/** The sweep's lines go through console.log, as every command's output does (tests capture it there). */
const CONSOLE: TextStream = { write: (text: string) => (console.log(text.replace(/\n$/, '')), true) };

export const sweepCommand: CliCommand = {
  name: 'sweep',
  usage: 'sweep <file> [dir] [index]',
  describe: 'run a sweep file (grid/random search × seeds) as parallel `dreamer train` trials, here or on a queue; `sweep status DIR` shows a sweep folder',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: `the sweep file (YAML), or \`${STATUS}\` / \`${RUN_TRIAL}\`` })
      .positional('dir', { type: 'string', describe: `with \`${STATUS}\` or \`${RUN_TRIAL}\`: the sweep folder` })
      .positional('index', { type: 'number', describe: `with \`${RUN_TRIAL}\`: the trial's index (0-based; a Slurm array task's id)` })
      .option('workers', { type: 'number', describe: 'trials at once (default: the cores divided by the threads of one trial)' })
      .option('out', { type: 'string', describe: 'the sweep folder (default: sweeps/<file name>); a rerun into it skips done trials' })
      .option('queue', { type: 'string', describe: 'run the trials on `dreamer worker`s through this Redis (redis://HOST:PORT/DB, rediss:// for TLS)' })
      .option('slurm', { type: 'boolean', describe: `write <out>/${SLURM_SCRIPT}, an sbatch job array of one task per trial, instead of running` })
      .option('submit', { type: 'boolean', describe: 'with --slurm: also submit it (sbatch)' })
      .option('poll-ms', { type: 'number', hidden: true, describe: 'how often --queue looks at the jobs' })
      .example('dreamer sweep lr.yaml --workers 2', 'run every trial of lr.yaml into sweeps/lr/, two at a time')
      .example('dreamer sweep lr.yaml --queue redis://10.0.0.5:6379/0 --out /shared/sweeps/lr', 'the same through a queue; start `dreamer worker --queue ...` on each machine')
      .example('dreamer sweep lr.yaml --slurm --submit', `an sbatch job array, sweeps/lr/${SLURM_SCRIPT}, submitted`)
      .example('dreamer sweep status sweeps/lr', 'each trial\'s state and the summary so far (add --queue URL to follow the queue again)'),
  async run(args) {
    const file = String(args.file);
    const queue = args.queue === undefined ? undefined : parseRedisUrl(String(args.queue));
    const pollMs = args['poll-ms'] === undefined ? undefined : Number(args['poll-ms']);
    if (file === RUN_TRIAL) {
      if (args.dir === undefined || args.index === undefined) throw new ConfigError('`dreamer sweep run-trial` needs the sweep folder and the trial index: `dreamer sweep run-trial sweeps/<name> 3`.');
      const stop = new AbortController();
      let failed = false;
      const code = await withStopSignals(stop, 'stopping the trial (it writes a checkpoint); running the task again resumes it', async () => {
        failed = (await runTrialAt(String(args.dir), Number(args.index), { stream: CONSOLE, stop: stop.signal })).status === 'failed';
      });
      return code ?? (failed ? 1 : 0);
    }
    if (file === STATUS) {
      if (args.dir === undefined) throw new ConfigError('`dreamer sweep status` needs the sweep folder: `dreamer sweep status sweeps/<name>`.');
      if (!queue) {
        sweepStatus(String(args.dir), CONSOLE);
        return 0;
      }
    } else if (args.dir !== undefined) throw new ConfigError(`unexpected argument "${String(args.dir)}": give the sweep folder with --out DIR.`);
    // `status DIR --queue URL` follows the queue again: the folder's resolved sweep.yaml is itself a sweep file.
    const sweepFile = file === STATUS ? join(String(args.dir), SWEEP_FILE) : file;
    const workers = args.workers === undefined ? undefined : Number(args.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new ConfigError(`--workers ${String(args.workers)}: give a whole number of trials at once, at least 1.`);
    if (workers !== undefined && queue) throw new ConfigError('--workers is the local pool\'s size; with --queue, start `dreamer worker --queue URL --concurrency K` processes instead.');
    const out = file === STATUS ? String(args.dir) : args.out === undefined ? join('sweeps', basename(file, extname(file))) : String(args.out);
    if (args.submit && !args.slurm) throw new ConfigError('--submit goes with --slurm: `dreamer sweep FILE --slurm --submit`.');
    if (args.slurm) {
      if (queue) throw new ConfigError('--slurm and --queue are two ways to run the trials: give one.');
      const { trials, configs } = prepareSweep(sweepFile, out);
      const script = join(out, SLURM_SCRIPT);
      const cpus = Math.max(0, ...configs.map((c) => c.threads));
      writeFileAtomic(script, slurmScript({ out, trials, name: `dreamer-${basename(out)}`, cpusPerTask: cpus, node: process.execPath, entry: dreamerEntry() }));
      console.log(`[sweep] wrote ${script}: a job array of ${trials} task${trials === 1 ? '' : 's'} (\`sbatch ${script}\`; \`dreamer sweep status ${out}\` shows them)`);
      if (args.submit) console.log(`[sweep] ${submitSlurm(script)}`);
      return 0;
    }
    const runner = queue ? new QueueRunner(queue, out, pollMs) : undefined;
    const stop = new AbortController();
    let received: StopSignal | undefined;
    const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((signal) => {
      const handler = (): void => {
        if (received) return; // the trials got their one SIGTERM; a second would make them exit without a checkpoint
        received = signal;
        console.log(
          queue
            ? `[sweep] ${signal}: no longer following the queue; the trials go on on the workers (\`dreamer sweep status ${out} --queue URL\` follows them again)`
            : `[sweep] ${signal}: stopping the running trials (each writes a checkpoint); rerun the same command to continue`,
        );
        stop.abort();
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    try {
      const result = await runSweep(sweepFile, { out, ...(workers !== undefined && { workers }), ...(runner && { runner }), stop: stop.signal, stream: CONSOLE });
      if (received) return SIGNAL_EXIT_CODES[received];
      return result.states.some((s) => s.status === 'failed') ? 1 : 0;
    } finally {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    }
  },
};

/** Runs `body`; SIGINT/SIGTERM abort `stop` once. Returns the signal's exit code, or undefined when none came. */
async function withStopSignals(stop: AbortController, what: string, body: () => Promise<unknown>): Promise<number | undefined> {
  let received: StopSignal | undefined;
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      if (received) return;
      received = signal;
      console.log(`[sweep] ${signal}: ${what}`);
      stop.abort();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    await body();
    return received ? SIGNAL_EXIT_CODES[received] : undefined;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
