import { beforeAll, describe, expect, it } from 'vitest';
import { cartpoleXml } from '../../../envs/dmc/cartpole.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { EnvError } from '../../../src/util/errors.js';

const PENDULUM_EULER = `<mujoco><option timestep="0.01"/><worldbody>
  <body name="arm"><joint name="hinge" type="hinge" axis="0 1 0" damping="0.1"/>
    <geom type="capsule" fromto="0 0 0 0 0 -0.5" size="0.05" mass="1"/></body>
  <site name="origin"/></worldbody>
  <sensor><jointpos name="angle" joint="hinge"/><jointvel name="rate" joint="hinge"/></sensor></mujoco>`;

describe('Physics', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('gives named views of qpos, qvel, ctrl, xpos, xmat and sensordata', () => {
    const p = Physics.fromXml(cartpoleXml());
    try {
      p.named.qpos('hinge_1')[0] = 0.25;
      p.named.qvel('slider')[0] = -0.5;
      p.named.ctrl('slide')[0] = 0.3;
      p.forward();
      expect(Array.from(p.qpos)).toEqual([0, 0.25]);
      expect(Array.from(p.qvel)).toEqual([-0.5, 0]);
      expect(p.ctrl[0]).toBe(0.3);
      expect(Array.from(p.named.xpos('cart'))).toEqual([0, 0, 1]);
      // The pole's frame is rotated by 0.25 rad about y: zz = cos, xz = sin.
      expect(p.named.xmat('pole_1')[8]).toBeCloseTo(Math.cos(0.25), 12);
      expect(p.named.xmat('pole_1')[2]).toBeCloseTo(Math.sin(0.25), 12);
      expect(p.timestep).toBe(0.01);
      expect(() => p.named.qpos('nope')).toThrow(/no joint named "nope"/);
    } finally {
      p.delete();
    }
    const q = Physics.fromXml(PENDULUM_EULER);
    try {
      q.named.qpos('hinge')[0] = 0.7;
      q.named.qvel('hinge')[0] = -1.5;
      q.forward();
      expect(Array.from(q.named.sensordata('angle'))).toEqual([0.7]);
      expect(Array.from(q.named.sensordata('rate'))).toEqual([-1.5]);
    } finally {
      q.delete();
    }
  });

  it('reads sensors of the state after the step (legacy stepping ends with mj_step1)', () => {
    const q = Physics.fromXml(PENDULUM_EULER);
    try {
      q.named.qpos('hinge')[0] = 1;
      q.forward();
      q.step(3);
      expect(q.time).toBeCloseTo(0.03, 12);
      // With a plain mj_step the sensors would lag one step behind qpos.
      expect(q.named.sensordata('angle')[0]).toBe(q.qpos[0]);
      expect(q.named.sensordata('rate')[0]).toBe(q.qvel[0]);
    } finally {
      q.delete();
    }
  });

  it('getState/setState restores the trajectory exactly', () => {
    const p = Physics.fromXml(PENDULUM_EULER);
    try {
      p.qpos[0] = 1;
      p.forward();
      p.step(5);
      const saved = p.getState();
      expect(saved.length).toBeGreaterThan(3);
      p.step(20);
      const after = Array.from(p.qpos).concat(Array.from(p.qvel));
      p.setState(saved);
      expect(p.time).toBeCloseTo(0.05, 12);
      p.step(20);
      expect(Array.from(p.qpos).concat(Array.from(p.qvel))).toEqual(after);
      expect(() => p.setState(new Float64Array(2))).toThrow(/another model/);
    } finally {
      p.delete();
    }
  });

  it('reports an MJCF MuJoCo cannot parse, and a diverged state', () => {
    expect(() => Physics.fromXml('<mujoco><worldbody><body>')).toThrow(EnvError);
    const p = Physics.fromXml(PENDULUM_EULER);
    try {
      expect(p.diverged()).toBe(false);
      p.qvel[0] = Number.NaN;
      expect(p.diverged()).toBe(true);
      // MuJoCo itself resets a state with |qvel| > 1e10 and only counts a warning: that must be caught too.
      p.resetData();
      p.qvel[0] = 1e11;
      p.step(1);
      expect(Number.isFinite(p.qvel[0] as number)).toBe(true);
      expect(p.diverged()).toBe(true);
    } finally {
      p.delete();
    }
  });
});
