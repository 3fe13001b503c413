import type { NamedTensors } from './types.js';

/**
 * Bulk arrays (the replay) are written as .npz chunks: whole arrays packed in order into files of at most
 * `chunkBytes` (an array larger than that gets a file of its own), so no single file or in-memory archive grows
 * with the whole replay. One chunk is named `<stem>.npz`; several are `<stem>.0.npz`, `<stem>.1.npz`, ...
 */
export function chunkArrays(stem: string, arrays: NamedTensors, chunkBytes: number): { file: string; arrays: NamedTensors }[] {
  const chunks: NamedTensors[] = [];
  let current: NamedTensors = {};
  let bytes = 0;
  for (const [name, t] of Object.entries(arrays)) {
    const size = t.data.byteLength;
    if (bytes > 0 && bytes + size > chunkBytes) {
      chunks.push(current);
      [current, bytes] = [{}, 0];
    }
    current[name] = t;
    bytes += size;
  }
  chunks.push(current);
  if (chunks.length === 1) return [{ file: `${stem}.npz`, arrays: chunks[0]! }];
  return chunks.map((c, k) => ({ file: `${stem}.${k}.npz`, arrays: c }));
}

/** A chunk file name: `<stem>.npz` or `<stem>.<k>.npz`. */
export const CHUNK_FILE_PATTERN = /^([A-Za-z0-9_-]+)(?:\.(\d+))?\.npz$/;
