/**
 * A MuJoCo model and its data, with what dm_control's `Physics` gives a task: named access to qpos / qvel / ctrl /
 * sensordata / xpos / xmat, the full state as one Float64Array, and dm_control's legacy stepping.
 *
 * The arrays returned are live views into the wasm heap: read or write them right away, and do not keep them past
 * the next MuJoCo call (a heap that grows detaches old views).
 */
import type { MjData, MjModel } from '@mujoco/mujoco';
import { EnvError } from '../../src/util/errors.js';
import { type Mujoco, MujocoObjects, mujoco, withMujocoObjects } from './mujoco.js';

/** Files the MJCF includes, by path relative to the model (e.g. `common/materials.xml`). */
export type ModelAssets = Readonly<Record<string, string>>;

type ObjectKind = 'body' | 'joint' | 'actuator' | 'sensor' | 'geom' | 'site';

export class Physics {
  readonly model: MjModel;
  readonly data: MjData;
  /** The wasm module the model lives in (for MuJoCo calls on `model` and `data`). */
  readonly mj: Mujoco;
  private readonly objects = new MujocoObjects();
  private readonly stateSpec: number;
  private readonly rk4: boolean;
  private deleted = false;

  /** Compiles an MJCF string (and the files it includes); throws an EnvError with MuJoCo's message when it cannot. */
  static fromXml(xml: string, assets: ModelAssets = {}): Physics {
    return new Physics(mujoco(), xml, assets);
  }

  private constructor(mj: Mujoco, xml: string, assets: ModelAssets) {
    this.mj = mj;
    const vfs = this.objects.own(new mj.MjVFS());
    const encoder = new TextEncoder();
    for (const [path, text] of Object.entries(assets)) vfs.addBuffer(path, encoder.encode(text));
    try {
      this.model = this.objects.own(mj.MjModel.from_xml_string(xml, vfs));
    } catch (e) {
      this.objects.delete();
      throw new EnvError(`MuJoCo could not compile the model: ${(e as Error).message ?? String(e)}. Fix the MJCF.`);
    }
    this.data = this.objects.own(new mj.MjData(this.model));
    this.stateSpec = mj.mjtState.mjSTATE_INTEGRATION.value;
    this.rk4 = this.model.opt.integrator === mj.mjtIntegrator.mjINT_RK4.value;
    mj.mj_forward(this.model, this.data);
  }

  get timestep(): number {
    return this.model.opt.timestep;
  }

  get time(): number {
    return this.data.time;
  }

  get qpos(): Float64Array {
    return this.data.qpos as Float64Array;
  }
  get qvel(): Float64Array {
    return this.data.qvel as Float64Array;
  }
  get ctrl(): Float64Array {
    return this.data.ctrl as Float64Array;
  }
  get sensordata(): Float64Array {
    return this.data.sensordata as Float64Array;
  }
  /** [nbody, 3] body positions, row-major. */
  get xpos(): Float64Array {
    return this.data.xpos as Float64Array;
  }
  /** [nbody, 9] body orientations (row-major 3x3 each). */
  get xmat(): Float64Array {
    return this.data.xmat as Float64Array;
  }

  /** The id of a named object; throws naming the kind and the name. */
  id(kind: ObjectKind, name: string): number {
    const objs = this.mj.mjtObj;
    const type = { body: objs.mjOBJ_BODY, joint: objs.mjOBJ_JOINT, actuator: objs.mjOBJ_ACTUATOR, sensor: objs.mjOBJ_SENSOR, geom: objs.mjOBJ_GEOM, site: objs.mjOBJ_SITE }[kind].value;
    const id = this.mj.mj_name2id(this.model, type, name);
    if (id < 0) throw new EnvError(`The model has no ${kind} named "${name}".`);
    return id;
  }

  /** Named views, as dm_control's `physics.named.data.<field>[name]`. */
  readonly named = {
    qpos: (joint: string): Float64Array => this.jointSlice(this.qpos, joint, 'qpos'),
    qvel: (joint: string): Float64Array => this.jointSlice(this.qvel, joint, 'qvel'),
    ctrl: (actuator: string): Float64Array => this.ctrl.subarray(this.id('actuator', actuator), this.id('actuator', actuator) + 1),
    sensordata: (sensor: string): Float64Array => {
      const id = this.id('sensor', sensor);
      const adr = (this.model.sensor_adr as Int32Array)[id] as number;
      return this.sensordata.subarray(adr, adr + ((this.model.sensor_dim as Int32Array)[id] as number));
    },
    xpos: (body: string): Float64Array => this.xpos.subarray(3 * this.id('body', body), 3 * this.id('body', body) + 3),
    xmat: (body: string): Float64Array => this.xmat.subarray(9 * this.id('body', body), 9 * this.id('body', body) + 9),
    geomXpos: (geom: string): Float64Array => {
      const id = this.id('geom', geom);
      return (this.data.geom_xpos as Float64Array).subarray(3 * id, 3 * id + 3);
    },
    siteXpos: (site: string): Float64Array => {
      const id = this.id('site', site);
      return (this.data.site_xpos as Float64Array).subarray(3 * id, 3 * id + 3);
    },
  };

  private jointSlice(array: Float64Array, joint: string, field: 'qpos' | 'qvel'): Float64Array {
    const j = this.id('joint', joint);
    const adrs = (field === 'qpos' ? this.model.jnt_qposadr : this.model.jnt_dofadr) as Int32Array;
    const start = adrs[j] as number;
    const size = JOINT_WIDTH[field][(this.model.jnt_type as Int32Array)[j] as number] ?? 1;
    return array.subarray(start, start + size);
  }

  /** The full integration state (time, qpos, qvel, act, warm start, ctrl, applied forces, ...), a copy. */
  getState(): Float64Array {
    const size = this.mj.mj_stateSize(this.model, this.stateSpec);
    // A plain Float64Array would be copied into the heap and the result dropped: MuJoCo writes into a heap buffer.
    return withMujocoObjects((scope) => {
      const buffer = scope.own(new this.mj.DoubleBuffer(size));
      this.mj.mj_getState(this.model, this.data, buffer, this.stateSpec);
      return Float64Array.from(buffer.GetView() as Float64Array);
    });
  }

  /** Restores a state from `getState()` and recomputes the derived quantities (as after a reset). */
  setState(state: Float64Array): void {
    const size = this.mj.mj_stateSize(this.model, this.stateSpec);
    if (state.length !== size) throw new EnvError(`setState: the state has ${state.length} numbers, this model's has ${size}; it comes from another model.`);
    this.mj.mj_setState(this.model, this.data, Array.from(state), this.stateSpec);
    this.forward();
  }

  /** mj_forward: positions, velocities, forces and accelerations of the current state (dm_control's after_reset). */
  forward(): void {
    this.mj.mj_forward(this.model, this.data);
  }

  resetData(): void {
    this.mj.mj_resetData(this.model, this.data);
  }

  /**
   * dm_control's legacy stepping of `nSubsteps` physics steps: for an Euler model finish the step mj_step1 began
   * (mj_step2), run the remaining sub-steps with mj_step, then mj_step1; for RK4, mj_step every sub-step, then
   * mj_step1. So the positions and velocities derived quantities (xpos, sensors) match qpos/qvel when read.
   */
  step(nSubsteps = 1): void {
    const { mj, model, data } = this;
    if (this.rk4) {
      for (let i = 0; i < nSubsteps; i++) mj.mj_step(model, data);
    } else {
      mj.mj_step2(model, data);
      for (let i = 1; i < nSubsteps; i++) mj.mj_step(model, data);
    }
    mj.mj_step1(model, data);
  }

  /** True when qpos, qvel or qacc holds a NaN or an infinity (MuJoCo resets such a state and warns). */
  diverged(): boolean {
    for (const a of [this.qpos, this.qvel, this.data.qacc as Float64Array]) for (const v of a) if (!Number.isFinite(v)) return true;
    // MuJoCo resets a state with a bad qpos/qvel/qacc to the model's default and counts a warning. `data.warning`
    // is a view into the data, owned by it: deleting it would free the data's memory (a double free later).
    const warnings = this.data.warning;
    const bad = [this.mj.mjtWarning.mjWARN_BADQPOS, this.mj.mjtWarning.mjWARN_BADQVEL, this.mj.mjtWarning.mjWARN_BADQACC];
    return bad.some((w) => (warnings.get(w.value)?.number ?? 0) > 0);
  }

  /** Frees the model and data; idempotent. */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    this.objects.delete();
  }
}

/** qpos / qvel widths by joint type (free, ball, slide, hinge). */
const JOINT_WIDTH = { qpos: [7, 4, 1, 1], qvel: [6, 3, 1, 1] } as const;
