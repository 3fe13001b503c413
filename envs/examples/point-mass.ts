import { Env } from '../../src/env/env.js';
import type { Frame, RenderMode, ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';

/** Seconds per step. */
const DT = 0.1;
/** Acceleration at full action (units per s^2). */
const MAX_ACCEL = 1.0;
/** Fraction of velocity lost per step (air drag), so the mass can come to rest. */
const DRAG = 0.05;
/** The track is [-TRACK, TRACK]; the mass stops at its ends. */
const TRACK = 1.0;
const GOAL_RANGE = 0.8;
const DEFAULT_MAX_STEPS = 100;
/** Small penalty on force, so the best policy does not chatter. */
const ACTION_COST = 0.01;
const FRAME_W = 240;
const FRAME_H = 48;
const MASS_RADIUS = 8;

export interface PointMassOptions {
  renderMode?: RenderMode;
  /** Episode length; the env truncates (does not terminate) after this many steps. */
  maxSteps?: number;
  /** Act with `Discrete(3)` (push left, coast, push right) instead of a continuous force: easier to learn. */
  discreteActions?: boolean;
}

/** The force of each discrete action: push left, coast, push right. */
const DISCRETE_FORCES = [-1, 0, 1] as const;

/**
 * ## Description
 * A point mass on a 1-D track must reach a goal position and stay there. A worked example of a custom env: copy
 * this file, change the dynamics and the reward, and train on it with `env.id=./my-env.js:MyEnv`.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float32)`: the force, as a fraction of the largest acceleration (1 unit/s^2). With
 * `discreteActions: true`, `Discrete(3)`: 0 pushes left (force -1), 1 coasts (0), 2 pushes right (+1).
 *
 * ## Observation Space
 * `Box(-inf, inf, (3,), float32)`: position x in [-1, 1], velocity v, and the goal g.
 *
 * ## Rewards
 * `-|x - g| - 0.01 a^2` per step: 0 is perfect, a mass that never moves scores about -66 per episode, a random policy the same, and a hand-tuned PD controller
 * (`a = clip(10 (g - x) - 4 v)`) about -6.
 *
 * ## Starting State
 * x uniform in [-1, 1], v = 0, g uniform in [-0.8, 0.8], all from the env's seeded generator.
 *
 * ## Episode End
 * Never terminates; truncated after `maxSteps` (100) steps.
 *
 * ## Arguments
 * `renderMode: 'rgb_array'` makes `render()` return a 48 x 240 RGB frame; `maxSteps` sets the episode length;
 * `discreteActions: true` switches to the three discrete actions (what `configs/point_mass.yaml` trains on).
 *
 * ## Version History
 * v0: first version. v0.1: the `discreteActions` option.
 */
export class PointMass extends Env<Float32Array, Float32Array | number> {
  observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [3] });
  actionSpace: Box | Discrete;
  private x = 0;
  private v = 0;
  private goal = 0;
  private t = 0;
  private readonly maxSteps: number;

  constructor(opts: PointMassOptions = {}) {
    super();
    this.metadata = { renderModes: ['rgb_array'], renderFps: 1 / DT };
    this.renderMode = opts.renderMode;
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    this.actionSpace = opts.discreteActions ? new Discrete(DISCRETE_FORCES.length) : new Box({ low: -1, high: 1, shape: [1] });
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.x = this.npRandom.uniform(-TRACK, TRACK, 1)[0]!;
    this.v = 0;
    this.goal = this.npRandom.uniform(-GOAL_RANGE, GOAL_RANGE, 1)[0]!;
    this.t = 0;
    return { obs: this.observe(), info: {} };
  }

  step(action: Float32Array | number): StepResult<Float32Array> {
    const force = typeof action === 'number' ? DISCRETE_FORCES[action] ?? 0 : Math.max(-1, Math.min(1, action[0] ?? 0));
    this.v = this.v * (1 - DRAG) + force * MAX_ACCEL * DT;
    this.x += this.v * DT;
    if (Math.abs(this.x) > TRACK) {
      this.x = Math.sign(this.x) * TRACK;
      this.v = 0;
    }
    this.t += 1;
    const reward = -Math.abs(this.x - this.goal) - ACTION_COST * force * force;
    return { obs: this.observe(), reward, terminated: false, truncated: this.t >= this.maxSteps, info: { distance: Math.abs(this.x - this.goal) } };
  }

  override render(): Frame | undefined {
    if (this.renderMode !== 'rgb_array') return undefined;
    const data = new Uint8Array(FRAME_H * FRAME_W * 3).fill(255);
    const toPx = (pos: number) => Math.round(((pos + TRACK) / (2 * TRACK)) * (FRAME_W - 2 * MASS_RADIUS) + MASS_RADIUS);
    const paint = (px: number, py: number, rgb: readonly [number, number, number]) => {
      if (px >= 0 && px < FRAME_W && py >= 0 && py < FRAME_H) data.set(rgb, 3 * (py * FRAME_W + px));
    };
    const mid = FRAME_H / 2;
    for (let px = 0; px < FRAME_W; px++) paint(px, mid, [150, 150, 150]); // track
    for (let py = 4; py < FRAME_H - 4; py++) paint(toPx(this.goal), py, [44, 160, 44]); // goal
    for (let dy = -MASS_RADIUS; dy <= MASS_RADIUS; dy++) {
      for (let dx = -MASS_RADIUS; dx <= MASS_RADIUS; dx++) {
        if (dx * dx + dy * dy <= MASS_RADIUS * MASS_RADIUS) paint(toPx(this.x) + dx, mid + dy, [31, 119, 180]);
      }
    }
    return { data, shape: [FRAME_H, FRAME_W, 3] };
  }

  private observe(): Float32Array {
    return Float32Array.of(this.x, this.v, this.goal);
  }
}
