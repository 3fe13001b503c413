import { Env as EnvBase, type EnvLike } from './env.js';

/**
 * The public name `Env` is both things a user means by it:
 * - the type: any class or object with `observationSpace`, `actionSpace`, `reset` and `step` (EnvLike), so a
 *   plain class satisfies it and `register`/`make` accept it;
 * - the value: the optional base class, so `class MyEnv extends Env<O, A>` still compiles and gets seeding through
 *   `super.reset(opts)`, `npRandom`, `unwrapped` and `spec`.
 * Inside the package the full base-class type is ./env.ts's `Env` (exported publicly as `EnvBase`).
 */
export type Env<O = unknown, A = unknown> = EnvLike<O, A>;
export const Env = EnvBase;
export { EnvBase };
