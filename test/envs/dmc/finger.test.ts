import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { FINGER, type FingerTaskName, FingerTask, fingerSpinReward, fingerTurnReward, fingerXml } from '../../../envs/dmc/finger.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing, referenceModel } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

const DEG = Math.PI / 180;
/** The spinner's tip circle: cap1's radius + half-length. */
const TIP_RADIUS = 0.13;

describe('finger rewards at hand-computed states', () => {
  it('spin: 1 at -15 rad/s or faster (about -y), else 0', () => {
    expect(fingerSpinReward(-15)).toBe(1);
    expect(fingerSpinReward(-100)).toBe(1);
    expect(fingerSpinReward(-14.99)).toBe(0);
    expect(fingerSpinReward(0)).toBe(0);
    expect(fingerSpinReward(20)).toBe(0); // the wrong way round
  });

  it('turn: 1 while the tip is inside the target (signed distance <= 0), else 0', () => {
    expect(fingerTurnReward(-0.07)).toBe(1);
    expect(fingerTurnReward(0)).toBe(1);
    expect(fingerTurnReward(1e-9)).toBe(0);
    expect(fingerTurnReward(0.19)).toBe(0);
  });
});

describe('the finger envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('registers spin, turn_easy and turn_hard with 1000 steps of 0.02 s; observes dm_control\'s entries', async () => {
    for (const task of ['spin', 'turn_easy', 'turn_hard']) {
      const made = await makeAsync(`dm_control/finger-${task}-v0`);
      expect(made.spec?.maxEpisodeSteps).toBe(1000);
      made.close();
    }
    const spin = new DmcEnv(new FingerTask('spin'));
    const turn = new DmcEnv(new FingerTask('turn_hard'));
    try {
      const layout = (env: DmcEnv): unknown[] => Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape]);
      expect(layout(spin)).toEqual([['position', [4]], ['velocity', [3]], ['touch', [2]]]);
      expect(layout(turn)).toEqual([['position', [4]], ['velocity', [3]], ['touch', [2]], ['target_position', [2]], ['dist_to_target', [1]]]);
      expect(Array.from(spin.actionSpace.low)).toEqual([-1, -1]);
      expect(Array.from(spin.actionSpace.high)).toEqual([1, 1]);
      expect(spin.controlTimestep).toBeCloseTo(0.02, 15);
      const { obs } = turn.reset({ seed: 0 });
      expect(Object.keys(obs)).toEqual(['position', 'velocity', 'touch', 'target_position', 'dist_to_target']);
    } finally {
      spin.close();
      turn.close();
    }
  });

  it('turn: draws the target angle, then joint poses until one touches nothing, from npRandom in that order', () => {
    const probe = Physics.fromXml(fingerXml());
    const touches = (q: number[]): boolean => {
      probe.qpos.set(q);
      probe.forward();
      return probe.data.ncon > 0;
    };
    let redrawn = 0;
    try {
      for (const task of ['turn_easy', 'turn_hard'] as const) {
        const env = new DmcEnv(new FingerTask(task));
        try {
          for (let seed = 0; seed < 15; seed++) {
            const { obs } = env.reset({ seed });
            const rng = seedingNpRandom(seed)[0];
            const angle = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
            let pose: number[];
            for (;;) {
              pose = [rng.uniform(-110 * DEG, 110 * DEG, 1)[0] as number, rng.uniform(-110 * DEG, 110 * DEG, 1)[0] as number, rng.uniform(-Math.PI, Math.PI, 1)[0] as number];
              if (!touches(pose)) break;
              redrawn++;
            }
            expect(Array.from(env.physics.qpos)).toEqual(pose);
            expect(Array.from(env.physics.qvel)).toEqual([0, 0, 0]);
            expect(env.physics.data.ncon).toBe(0);
            expect(obs.target_position?.[0]).toBeCloseTo(TIP_RADIUS * Math.sin(angle), 12);
            expect(obs.target_position?.[1]).toBeCloseTo(TIP_RADIUS * Math.cos(angle), 12);
            expect((env.physics.model.site_size as Float64Array)[3 * env.physics.id('site', 'target')]).toBe(FINGER.targetRadius[task]);
          }
        } finally {
          env.close();
        }
      }
      expect(redrawn).toBeGreaterThan(0); // some draws put the finger into the spinner
    } finally {
      probe.delete();
    }
  });

  it('spin: no target draw; the spinner\'s damping drops to 0.03 and the target and tip are hidden; reproducible', () => {
    const env = new DmcEnv(new FingerTask('spin'));
    try {
      const before = (env.physics.model.dof_damping as Float64Array)[2];
      expect(before).toBe(FINGER.spinnerDamping);
      const a = env.reset({ seed: 4 }).obs;
      const rng = seedingNpRandom(4)[0];
      expect(env.physics.qpos[0]).toBe(rng.uniform(-110 * DEG, 110 * DEG, 1)[0]);
      expect((env.physics.model.dof_damping as Float64Array)[2]).toBe(FINGER.spinDamping);
      const rgba = env.physics.model.site_rgba as Float32Array;
      expect(rgba[4 * env.physics.id('site', 'target') + 3]).toBe(0);
      expect(rgba[4 * env.physics.id('site', 'tip') + 3]).toBe(0);
      env.reset({ seed: 5 });
      const b = env.reset({ seed: 4 }).obs;
      for (const k of ['position', 'velocity', 'touch']) expect(Array.from(b[k] ?? [])).toEqual(Array.from(a[k] ?? []));
    } finally {
      env.close();
    }
  });

  it('observes the joints, the tip relative to the hinge, the rates and log(1 + touch); rewards by them', () => {
    const tasks: Record<FingerTaskName, DmcEnv> = {
      spin: new DmcEnv(new FingerTask('spin')),
      turn_easy: new DmcEnv(new FingerTask('turn_easy')),
      turn_hard: new DmcEnv(new FingerTask('turn_hard')),
    };
    try {
      const set = (env: DmcEnv, qpos: number[], qvel: number[]): void => {
        env.physics.qpos.set(qpos);
        env.physics.qvel.set(qvel);
        env.physics.forward();
      };
      const spin = tasks.spin;
      spin.reset({ seed: 1 });
      set(spin, [0.5, -0.4, 0.3], [1, -2, -15.5]);
      const obs = spin.task.observation(spin.physics);
      // The hinge turns about -y: the tip (13 cm above the hinge at 0) goes to (-0.13 sin θ, 0.13 cos θ).
      [0.5, -0.4, -TIP_RADIUS * Math.sin(0.3), TIP_RADIUS * Math.cos(0.3)].forEach((v, i) => expect(obs.position?.[i]).toBeCloseTo(v, 12));
      expect(Array.from(obs.velocity ?? [])).toEqual([1, -2, -15.5]);
      expect(spin.task.reward(spin.physics)).toBe(1);
      set(spin, [0.5, -0.4, 0.3], [0, 0, -14.5]);
      expect(spin.task.reward(spin.physics)).toBe(0);

      for (const name of ['turn_easy', 'turn_hard'] as const) {
        const env = tasks[name];
        const { obs: start } = env.reset({ seed: 2 });
        const [tx, tz] = start.target_position as unknown as [number, number];
        const angle = Math.atan2(tx, tz);
        const r = FINGER.targetRadius[name];
        set(env, [0, 0, -angle], [0, 0, 0]); // the tip at the target's centre
        expect(env.task.observation(env.physics).dist_to_target?.[0]).toBeCloseTo(-r, 12);
        expect(env.task.reward(env.physics)).toBe(1);
        set(env, [0, 0, -angle + 0.25], [0, 0, 0]); // 2 · 0.13 · sin(0.125) = 3.24 cm off: inside 7 cm, not 3 cm
        expect(env.task.observation(env.physics).dist_to_target?.[0]).toBeCloseTo(2 * TIP_RADIUS * Math.sin(0.125) - r, 12);
        expect(env.task.reward(env.physics)).toBe(name === 'turn_easy' ? 1 : 0);
        set(env, [0, 0, -angle + Math.PI], [0, 0, 0]); // opposite side
        expect(env.task.reward(env.physics)).toBe(0);
      }
    } finally {
      for (const env of Object.values(tasks)) env.close();
    }
  });

  it('rolls out 1000 steps without NaN, touch = log(1 + the touch sensors), spin reward = [spinner ω <= -15]', () => {
    const env = new DmcEnv(new FingerTask('spin'));
    try {
      env.reset({ seed: 3 });
      let touched = 0;
      for (let t = 0; t < 1000; t++) {
        const { obs, reward } = env.step([Math.sin(t / 13), Math.cos(t / 5)]);
        for (const v of Object.values(obs)) for (const x of v) expect(Number.isFinite(x)).toBe(true);
        const raw = [env.physics.named.sensordata('touchtop')[0] as number, env.physics.named.sensordata('touchbottom')[0] as number];
        expect(Array.from(obs.touch ?? [])).toEqual(raw.map(Math.log1p));
        if ((raw[0] as number) > 0 || (raw[1] as number) > 0) touched++;
        expect(reward).toBe((obs.velocity?.[2] as number) <= -15 ? 1 : 0);
      }
      expect(touched).toBeGreaterThan(0); // this flailing reaches the spinner
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our finger model against dm_control\'s finger.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, geoms, joints, sensors, solver and contact settings, and the same 1000 control steps (to 1e-6)', () => {
    const n = FINGER.nSubsteps;
    expectParity({
      domain: 'finger',
      xml: fingerXml(),
      fields: [
        'body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'body_iquat', 'qpos0', 'jnt_range', 'dof_damping', 'dof_frictionloss', 'dof_armature',
        'geom_size', 'geom_pos', 'geom_quat', 'geom_type', 'geom_contype', 'geom_conaffinity', 'geom_friction', 'geom_solref', 'geom_solimp', 'geom_margin',
        'site_pos', 'site_size', 'site_type', 'site_quat', 'sensor_type', 'sensor_objtype', 'sensor_objid', 'sensor_adr', 'sensor_dim',
        'actuator_gear', 'actuator_ctrlrange', 'cam_pos', 'cam_quat',
      ],
      // The spinner starts turning and the finger knocks it about (contacts in 339 of the 2000 physics steps; the
      // spinner swings between -1.8 and 1.2 rad): contacts on elliptic cones, friction loss, damping.
      qpos: [-0.3, 0.6, 0],
      qvel: [0, 0, 3],
      control: (t) => {
        const step = Math.floor(t / n);
        return [Math.sin(step / 20), Math.sin(step / 9)];
      },
      steps: 1000 * n,
    });
    const ref = referenceModel('finger');
    const theirs = Physics.fromXml(ref.xml, ref.assets);
    const ours = Physics.fromXml(fingerXml());
    try {
      const opt = (p: Physics): unknown[] => [p.model.opt.timestep, p.model.opt.cone, p.model.opt.iterations, p.model.opt.disableflags, p.model.opt.impratio];
      expect(opt(ours)).toEqual(opt(theirs));
    } finally {
      ours.delete();
      theirs.delete();
    }
  });
});
