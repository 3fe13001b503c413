/**
 * MuJoCo's official WebAssembly build (`@mujoco/mujoco`), loaded once per process and only when the first DMC env
 * needs it: the module costs about 0.5 s and 55 MB of resident memory, which runs without DMC envs should not pay.
 *
 * Every MuJoCo object (model, data, buffers, VFS) lives on the wasm heap, which JavaScript's GC does not see:
 * whoever creates one must `.delete()` it exactly once. `MujocoObjects` keeps that bookkeeping in one place.
 */
import type { MainModule } from '@mujoco/mujoco';
import { EnvError } from '../../src/util/errors.js';

export type Mujoco = MainModule;

/**
 * The module lives on globalThis, as the env registry does: two copies of this file in one process (the CLI's and
 * a file entry's loaded through tsx, or a test's and the registry's) share one wasm instance, not two.
 */
const STORE_KEY = Symbol.for('dreamer-ts.mujoco');
const store = globalThis as { [STORE_KEY]?: { loading?: Promise<Mujoco>; loaded?: Mujoco } };
const shared = (store[STORE_KEY] ??= {});

/** Loads the wasm module on the first call; later calls return the same module. */
export function loadMujoco(): Promise<Mujoco> {
  shared.loading ??= import('@mujoco/mujoco').then(async ({ default: factory }) => {
    shared.loaded = await factory();
    return shared.loaded;
  });
  return shared.loading;
}

/** The loaded module, for synchronous code (env constructors); throws a clear error before `loadMujoco()` resolved. */
export function mujoco(): Mujoco {
  const loaded = shared.loaded;
  if (loaded === undefined) {
    throw new EnvError(
      "MuJoCo's wasm module is not loaded yet: make DMC envs with `await makeAsync(id)` (the CLI does), or `await loadMujoco()` from envs/dmc/mujoco.js before `make(id)`.",
    );
  }
  return loaded;
}

/** Anything embind hands out: it must be deleted once. */
export interface Deletable {
  delete(): void;
}

/**
 * Owns MuJoCo objects and deletes them together, newest first (data before the model it was made from).
 * `delete()` is idempotent, so an owner's `close()` may run twice.
 */
export class MujocoObjects {
  private owned: Deletable[] = [];

  /** Takes ownership of `obj` and returns it. */
  own<T extends Deletable>(obj: T): T {
    this.owned.push(obj);
    return obj;
  }

  get size(): number {
    return this.owned.length;
  }

  delete(): void {
    const owned = this.owned;
    this.owned = [];
    for (let i = owned.length - 1; i >= 0; i--) owned[i]?.delete();
  }
}

/** Runs `fn` with a scope whose objects are deleted afterwards, also when `fn` throws (temporaries). */
export function withMujocoObjects<R>(fn: (scope: MujocoObjects) => R): R {
  const scope = new MujocoObjects();
  try {
    return fn(scope);
  } finally {
    scope.delete();
  }
}
