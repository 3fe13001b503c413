import type { LogConfig } from '../config/types.js';
import { ensureRunDir } from '../io/dirs.js';
import { ConsoleSink, type TextStream } from './console.js';
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
  stream?: TextStream;
}

/** The Logger with the sinks `log.sinks` names. */
export function createLogger(args: CreateLoggerArgs): Logger {
  ensureRunDir(args.dir);
  const sinks: MetricSink[] = [];
  for (const name of new Set(args.log.sinks)) {
    if (name === 'console' && args.log.console !== 'off') {
      sinks.push(new ConsoleSink({ totalSteps: args.totalSteps, mode: args.log.console, lineInterval: args.log.line_interval, stream: args.stream }));
    } else if (name === 'jsonl') sinks.push(new JsonlSink(args.dir));
    else if (name === 'csv') sinks.push(new CsvSink(args.dir));
    else if (name === 'tensorboard') sinks.push(new TensorBoardSink(args.dir, (args.clock ?? Date.now)() / 1000));
  }
  return new Logger(sinks, args);
}
