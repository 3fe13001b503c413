import { endianness } from 'node:os';

/** Checkpoint files are little-endian and typed arrays use the host order: refuse a big-endian host plainly. */
export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('dreamer-ts checkpoints need a little-endian machine');
}
