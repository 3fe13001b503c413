import type { Argv } from 'yargs';
import type { TextStream } from '../log/index.js';
import { SIGNAL_EXIT_CODES, type StopSignal } from '../run/train.js';
import { parseRedisUrl } from '../sweep/queue-url.js';
import { runWorker } from '../sweep/worker.js';
import { ConfigError } from '../util/errors.js';
import type { CliCommand } from './command.js';

const CONSOLE: TextStream = { write: (text: string) => (console.log(text.replace(/\n$/, '')), true) };
/** BullMQ's defaults: a trial's lock lasts 30 s (renewed every 15 s); lost trials are looked for every 30 s. */
const DEFAULT_LOCK_MS = 30_000;
const DEFAULT_STALLED_MS = 30_000;

export const workerCommand: CliCommand = {
  name: 'worker',
  usage: 'worker',
  describe: 'take sweep trials from a Redis queue (`dreamer sweep --queue`) and run them here, until stopped',
  builder: (y: Argv) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'the Redis of the sweep: redis://HOST:PORT/DB (redis://:PASSWORD@..., rediss:// for TLS)' })
      .option('concurrency', { type: 'number', default: 1, describe: 'trials at once on this machine' })
      .option('allow-env-dir', { type: 'string', array: true, default: [], describe: 'a folder whose env files trials may load (repeatable); registered env ids are always allowed' })
      .option('name', { type: 'string', describe: 'this worker\'s name in trials.jsonl (default host:pid)' })
      .option('lock-duration', { type: 'number', default: DEFAULT_LOCK_MS, describe: 'ms a trial stays claimed without a heartbeat; a dead worker\'s trial returns to the queue after it' })
      .option('stalled-interval', { type: 'number', default: DEFAULT_STALLED_MS, describe: 'ms between this worker\'s checks for trials of dead workers' })
      .example('dreamer worker --queue redis://10.0.0.5:6379/0 --concurrency 2', 'run two trials at a time from that queue')
      .example('dreamer worker --queue redis://:s3cret@10.0.0.5:6379/0 --allow-env-dir ./envs', 'with a password; trials may load env files under ./envs'),
  async run(args) {
    const target = parseRedisUrl(String(args.queue));
    const concurrency = Number(args.concurrency);
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new ConfigError(`--concurrency ${String(args.concurrency)}: give a whole number of trials at once, at least 1.`);
    const lock = Number(args['lock-duration']);
    const stalled = Number(args['stalled-interval']);
    for (const [flag, v] of [['--lock-duration', lock], ['--stalled-interval', stalled]] as const) {
      if (!(Number.isFinite(v) && v >= 100)) throw new ConfigError(`${flag} ${v}: give milliseconds, at least 100.`);
    }
    const stop = new AbortController();
    let received: StopSignal | undefined;
    const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((signal) => {
      const handler = (): void => {
        if (received) return;
        received = signal;
        console.log(`[worker] ${signal}: stopping; running trials write a checkpoint and go back to the queue`);
        stop.abort();
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    try {
      await runWorker({
        target, concurrency, allowEnvDirs: (args['allow-env-dir'] as string[]).map(String), lockDurationMs: lock, stalledIntervalMs: stalled,
        ...(args.name !== undefined && { name: String(args.name) }), stream: CONSOLE, stop: stop.signal,
      });
      return received ? SIGNAL_EXIT_CODES[received] : 0;
    } finally {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    }
  },
};
