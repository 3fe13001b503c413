/**
 * Typed-array views of MuJoCo model and data arrays, made once and kept while they stay valid.
 *
 * Each embind read of `data.qpos` builds a new view into the wasm heap (about 0.35 µs, several per step). The arrays
 * themselves never move for the life of a model and its data, but the heap can grow (a new env, a render buffer),
 * and growing it detaches every view of the old buffer: a detached buffer has byteLength 0. So the views are kept
 * together with the buffer they are on, and all are dropped and made again on the first read after that buffer was
 * detached. (The module does not export HEAPF64 or its memory to compare against; the detached buffer says the same.)
 */
export type HeapArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** The views of one MuJoCo object (a model or a data), and slices of them by name. */
export class HeapViews {
  /** The heap buffer every kept view is on; undefined when none is kept. */
  private heap: ArrayBufferLike | undefined;
  private readonly fields = new Map<string, HeapArray>();
  private readonly named = new Map<string, Map<string, Float64Array>>();

  constructor(private readonly owner: object) {}

  /** `owner[field]`, the kept view when it is still valid. */
  get(field: string): HeapArray {
    this.dropIfDetached();
    const kept = this.fields.get(field);
    if (kept !== undefined) return kept;
    const view = (this.owner as Record<string, unknown>)[field];
    // Unreachable from input: field names are the typed ones of Physics.dataArray / modelArray, never config.
    if (!ArrayBuffer.isView(view)) throw new TypeError(`MuJoCo has no array ${field} (got ${typeof view}).`);
    return this.keep(view as HeapArray, (v) => this.fields.set(field, v));
  }

  /** A kept slice of a named entry (`group` e.g. 'sensordata', `name` the object's name), if still valid. */
  namedView(group: string, name: string): Float64Array | undefined {
    this.dropIfDetached();
    return this.named.get(group)?.get(name);
  }

  /** Keeps `view` as the slice of `name` in `group` and returns it. */
  keepNamed(group: string, name: string, view: Float64Array): Float64Array {
    let byName = this.named.get(group);
    if (byName === undefined) this.named.set(group, (byName = new Map()));
    return this.keep(view, (v) => byName.set(name, v));
  }

  private keep<T extends HeapArray>(view: T, store: (v: T) => void): T {
    this.heap ??= view.buffer;
    // A view on another buffer would be a copy, not the heap: never keep it (its values would go stale).
    if (view.buffer === this.heap) store(view);
    return view;
  }

  private dropIfDetached(): void {
    if (this.heap === undefined || this.heap.byteLength !== 0) return;
    this.heap = undefined;
    this.fields.clear();
    this.named.clear();
  }
}
