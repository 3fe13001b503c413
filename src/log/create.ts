import type { LogConfig } from '../config/types.js';
import { ensureRunDir } from '../io/dirs.js';
import { ConsoleSink, type TextStream } from './console.js';
import type { EtaStart } from './eta.js';
import { CsvSink } from './csv.js';
import { JsonlSink } from './jsonl.js';
import { Logger, type LoggerOptions } from './logger.js';
import { TensorBoardSink } from './tensorboard/sink.js';
import type { MetricSink } from './types.js';

export interface CreateLoggerArgs extends LoggerOptions {
  /** the run folder the file sinks write into (created if missing) */
  dir: string;
  log: LogConfig;
  /** env steps of the whole run (console bar and ETA) */
  totalSteps: number;
  /** updates of the whole run (console ETA; 0 or absent when the agent does not learn) */
  totalUpdates?: number;
  /** where a resumed run starts (console ETA) */
  start?: EtaStart;
  stream?: TextStream;
}

/** The Logger with the sinks `log.sinks` names. */
export function createLogger(args: CreateLoggerArgs): Logger {
  ensureRunDir(args.dir);
  const sinks: MetricSink[] = [];
  for (const name of new Set(args.log.sinks)) {
    if (name === 'console' && args.log.console !== 'off') {
      sinks.push(new ConsoleSink({ totalSteps: args.totalSteps, totalUpdates: args.totalUpdates, start: args.start && { ...args.start, time: args.timeOffset ?? 0 }, mode: args.log.console, lineInterval: args.log.line_interval, stream: args.stream }));
    } else if (name === 'jsonl') sinks.push(new JsonlSink(args.dir));
    else if (name === 'csv') sinks.push(new CsvSink(args.dir));
    else if (name === 'tensorboard') sinks.push(new TensorBoardSink(args.dir, (args.clock ?? Date.now)() / 1000));
  }
  return new Logger(sinks, args);
}
