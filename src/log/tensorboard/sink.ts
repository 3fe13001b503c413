import { closeSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { MetricRecord, MetricSink } from '../types.js';
import { fileVersionEvent, scalarsEvent } from './event.js';
import { frameRecord } from './tfrecord.js';
import { ClosedError } from '../../util/errors.js';

/** TensorBoard finds event files by this prefix. */
export const EVENTS_FILE_PREFIX = 'events.out.tfevents';

/**
 * TensorBoard scalars: an events file of TFRecords, the first holding `file_version: "brain.Event:2"`, then one
 * Event per record with every scalar as a `simple_value` (float32). Each process writes its own file (TensorBoard
 * reads all files in the folder), named like TensorFlow's: `events.out.tfevents.<unix seconds>.<host>.<pid>`.
 */
export class TensorBoardSink implements MetricSink {
  readonly path: string;
  private fd: number | undefined;

  constructor(dir: string, wallTime: number = Date.now() / 1000) {
    this.path = join(dir, `${EVENTS_FILE_PREFIX}.${Math.floor(wallTime)}.${hostname()}.${process.pid}`);
    this.fd = openSync(this.path, 'a');
    this.append(fileVersionEvent(wallTime));
  }

  write(record: MetricRecord): void {
    this.append(scalarsEvent(record.wallTime, record.step, Object.entries(record.scalars)));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(event: Uint8Array): void {
    if (this.fd === undefined) throw new ClosedError('TensorBoardSink.write after close(): write every record before closing the sink (or open a new one)');
    writeSync(this.fd, frameRecord(event));
  }
}
