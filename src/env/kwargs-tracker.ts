import type { EnvKwargs } from './spec.js';

/**
 * Watches which kwargs an env constructor reads, so that `make` can name a misspelt one (JS ignores unknown
 * options where Python raises a TypeError). Each kwarg is an accessor that records its name until `settle()`
 * turns them all back into plain data properties, so an env that keeps the object pays nothing later.
 * (`has` on an own kwarg is not recorded: `'x' in kwargs` alone does not count as reading x.)
 */
export class KwargsTracker {
  readonly kwargs: EnvKwargs;
  readonly read = new Set<string>();

  constructor(source: EnvKwargs) {
    // Reads of kwargs that were not given fall through to the prototype: a proxy there records their names
    // (the constructor's known options, for the error message). settle() restores the plain prototype.
    const record = (key: string | symbol): void => void (typeof key === 'string' && !(key in Object.prototype) && this.read.add(key));
    const recorder = new Proxy(Object.prototype, {
      get: (target, key, receiver) => (record(key), Reflect.get(target, key, receiver)),
      has: (target, key) => (record(key), Reflect.has(target, key)),
    });
    this.kwargs = Object.create(recorder) as EnvKwargs;
    for (const [key, value] of Object.entries(source)) {
      Object.defineProperty(this.kwargs, key, {
        enumerable: true,
        configurable: true,
        get: () => (this.read.add(key), value),
        set: (v: unknown) => this.makePlain(key, v),
      });
    }
  }

  /** Turns every kwarg into a plain property holding its current value, on a plain object. */
  settle(): void {
    Object.setPrototypeOf(this.kwargs, Object.prototype);
    for (const key of Object.keys(this.kwargs)) {
      const d = Object.getOwnPropertyDescriptor(this.kwargs, key);
      if (d?.get) this.makePlain(key, d.get.call(this.kwargs));
    }
  }

  private makePlain(key: string, value: unknown): void {
    Object.defineProperty(this.kwargs, key, { value, writable: true, enumerable: true, configurable: true });
  }
}
