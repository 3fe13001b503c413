import { endianness } from 'node:os';
import { CheckpointError } from '../util/errors.js';

/** Checkpoint files are little-endian and typed arrays use the host order: refuse a big-endian host plainly. */
export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new CheckpointError('dreamer-ts checkpoints need a little-endian machine: this one is big-endian; train and load checkpoints on an x86-64 or arm64 machine');
}
