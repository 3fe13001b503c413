import { ProtoWriter } from './protobuf.js';

/** Field numbers of tensorflow.Event (tensorflow/core/util/event.proto). */
const EVENT_WALL_TIME = 1;
const EVENT_STEP = 2;
const EVENT_FILE_VERSION = 3;
const EVENT_SUMMARY = 5;
/** tensorflow.Summary.value, and in Summary.Value: tag and simple_value (summary.proto). */
const SUMMARY_VALUE = 1;
const VALUE_TAG = 1;
const VALUE_SIMPLE_VALUE = 2;

/** The version string TensorBoard expects in the first event of a file. */
export const FILE_VERSION = 'brain.Event:2';

/** The first event of every file: `{ wall_time, file_version: "brain.Event:2" }`. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().doubleField(EVENT_WALL_TIME, wallTime).stringField(EVENT_FILE_VERSION, FILE_VERSION).finish();
}

/** One event holding a Summary with a simple_value (float32) per scalar, in the given order. */
export function scalarsEvent(wallTime: number, step: number, scalars: ReadonlyArray<[string, number]>): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of scalars) {
    summary.messageField(SUMMARY_VALUE, new ProtoWriter().stringField(VALUE_TAG, tag).floatField(VALUE_SIMPLE_VALUE, value));
  }
  return new ProtoWriter()
    .doubleField(EVENT_WALL_TIME, wallTime)
    .varintField(EVENT_STEP, step)
    .messageField(EVENT_SUMMARY, summary)
    .finish();
}
