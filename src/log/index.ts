// Metric logging: a Logger fanning records out to console, JSONL, CSV and TensorBoard sinks.
export { Logger, type LoggerOptions } from './logger.js';
export { createLogger, type CreateLoggerArgs } from './create.js';
export { ConsoleSink, EPISODE_RETURN, EVAL_RETURN, FPS, TRAIN_RATIO, type ConsoleSinkOptions, type TextStream } from './console.js';
export { JsonlSink, JSONL_FILE } from './jsonl.js';
export { CsvSink, CSV_FILE } from './csv.js';
export { TensorBoardSink, EVENTS_FILE_PREFIX } from './tensorboard/sink.js';
export type { MetricRecord, MetricSink } from './types.js';
export { MetricMeans } from './means.js';
export { truncateMetricsAfter } from './resume.js';
