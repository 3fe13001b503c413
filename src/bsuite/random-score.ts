import { make } from '../env/make.js';
import { Discrete } from '../env/spaces/discrete.js';
import { seedingNpRandom } from '../env/seeding.js';
import { ConfigError } from '../util/errors.js';

/**
 * The uniform-random agent's mean episode return on a registered discrete-action env: `episodes` episodes, the
 * env reset with `seed` once and the actions drawn from a generator seeded with `seed`, so the number is
 * reproducible. This is how the battery's "random" column was measured.
 */
export function randomScore(envId: string, episodes: number, seed = 0): number {
  const env = make(envId);
  const space = env.actionSpace;
  if (!(space instanceof Discrete)) throw new ConfigError(`randomScore: ${envId} has a ${String(space)} action space; it takes Discrete envs only.`);
  const [rng] = seedingNpRandom(seed);
  let total = 0;
  for (let episode = 0; episode < episodes; episode++) {
    env.reset(episode === 0 ? { seed } : {});
    for (;;) {
      const action = space.start + (rng.integers(0, space.n, 1)[0] ?? 0);
      const r = env.step(action);
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
  }
  env.close();
  return total / episodes;
}
