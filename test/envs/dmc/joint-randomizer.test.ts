import { beforeAll, describe, expect, it } from 'vitest';
import { ballInCupXml } from '../../../envs/dmc/ball-in-cup.js';
import { fingerXml } from '../../../envs/dmc/finger.js';
import { drawUntilNoContact, isLimited, randomizeLimitedAndRotationalJoints } from '../../../envs/dmc/joint-randomizer.js';
import { loadMujoco, mujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { reacherXml } from '../../../envs/dmc/reacher.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';

/** One joint of each kind the randomiser treats differently, in this order. */
const ALL_KINDS = `<mujoco>
  <worldbody>
    <body name="free"><freejoint name="free"/><geom size=".1"/></body>
    <body name="ball" pos="1 0 0"><joint name="ball" type="ball"/><geom size=".1"/></body>
    <body name="cone" pos="2 0 0"><joint name="cone" type="ball" range="0 60"/><geom size=".1"/></body>
    <body name="slide" pos="3 0 0"><joint name="slide" type="slide" axis="1 0 0"/><geom size=".1"/></body>
    <body name="rail" pos="4 0 0"><joint name="rail" type="slide" axis="1 0 0" range="-.5 .25"/><geom size=".1"/></body>
    <body name="hinge" pos="5 0 0"><joint name="hinge" type="hinge"/><geom size=".1"/></body>
    <body name="elbow" pos="6 0 0"><joint name="elbow" type="hinge" range="-30 45"/><geom size=".1"/></body>
  </worldbody>
</mujoco>`;

const unit = (v: Float64Array): Float64Array => v.map((x) => x / Math.hypot(...v));

describe('randomizeLimitedAndRotationalJoints', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('draws each kind of joint as dm_control does, in joint order, from the generator', () => {
    const physics = Physics.fromXml(ALL_KINDS);
    try {
      const q = physics.qpos;
      randomizeLimitedAndRotationalJoints(physics, seedingNpRandom(11)[0]);
      const rng = seedingNpRandom(11)[0];
      const freeQuat = unit(rng.random(4));
      const ballQuat = unit(rng.normal(0, 1, 4));
      const axis = unit(rng.normal(0, 1, 3));
      const angle = (rng.random(1)[0] as number) * (Math.PI / 3);
      const rail = rng.uniform(-0.5, 0.25, 1)[0] as number;
      const hinge = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
      const elbow = rng.uniform((-30 * Math.PI) / 180, (45 * Math.PI) / 180, 1)[0] as number;
      expect(Array.from(q.subarray(0, 3))).toEqual([0, 0, 0]); // a free joint's position is not drawn
      expect(Array.from(q.subarray(3, 7))).toEqual(Array.from(freeQuat));
      expect(Array.from(q.subarray(7, 11))).toEqual(Array.from(ballQuat));
      const cone = [Math.cos(angle / 2), ...Array.from(axis, (a) => a * Math.sin(angle / 2))];
      Array.from(q.subarray(11, 15)).forEach((v, i) => expect(v).toBeCloseTo(cone[i] as number, 15));
      expect(q[15]).toBe(0); // an unlimited slide stays put
      expect([q[16], q[17], q[18]]).toEqual([rail, hinge, elbow]);
    } finally {
      physics.delete();
    }
  });

  it('reads "limited" from the range exactly where MuJoCo enforces a joint limit, in our models', () => {
    const LIMIT_JOINT = mujoco().mjtConstraint.mjCNSTR_LIMIT_JOINT.value;
    for (const xml of [reacherXml(), ballInCupXml(), fingerXml(), ALL_KINDS]) {
      const physics = Physics.fromXml(xml);
      try {
        const m = physics.model;
        const range = m.jnt_range as Float64Array;
        for (let j = 0; j < m.njnt; j++) {
          physics.resetData();
          // Past the upper end (a hinge, slide or a ball joint turned by 2 rad about x).
          const adr = (m.jnt_qposadr as Int32Array)[j] as number;
          const type = (m.jnt_type as Int32Array)[j] as number;
          if (type === 2 || type === 3) physics.qpos[adr] = (range[2 * j + 1] as number) + 0.5;
          else physics.qpos.set([Math.cos(1), Math.sin(1), 0, 0], type === 0 ? adr + 3 : adr);
          physics.forward();
          const types = physics.data.efc_type as Int32Array;
          const ids = physics.data.efc_id as Int32Array;
          let active = false;
          for (let r = 0; r < physics.data.nefc; r++) if (types[r] === LIMIT_JOINT && ids[r] === j) active = true;
          expect(active, `joint ${j}`).toBe(isLimited(range[2 * j] as number, range[2 * j + 1] as number));
        }
      } finally {
        physics.delete();
      }
    }
  });
});

describe('drawUntilNoContact', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  const TWO_BALLS = `<mujoco><worldbody>
    <body><joint name="x" type="slide" axis="1 0 0"/><geom size=".1"/></body>
    <body pos="1 0 0"><geom size=".1"/></body>
  </worldbody></mujoco>`;

  it('redraws while geoms touch and stops at the first pose that touches nothing', () => {
    const physics = Physics.fromXml(TWO_BALLS);
    try {
      const poses = [1, 0.95, 0.5, 0];
      let calls = 0;
      drawUntilNoContact(physics, 'two balls', () => {
        physics.qpos[0] = poses[calls++] as number;
      });
      expect(calls).toBe(3); // 1 and 0.95 overlap the fixed ball (centres < 0.2 apart), 0.5 does not
      expect(physics.data.ncon).toBe(0);
    } finally {
      physics.delete();
    }
  });

  it('gives up after maxAttempts with an error naming the task', () => {
    const physics = Physics.fromXml(TWO_BALLS);
    try {
      expect(() => drawUntilNoContact(physics, 'dm_control/two-balls-v0', () => physics.qpos.set([1]), 5)).toThrow(/dm_control\/two-balls-v0: no collision-free starting state in 5 attempts/);
    } finally {
      physics.delete();
    }
  });
});
