/**
 * A MuJoCo model and its data, with what dm_control's `Physics` gives a task: named access to qpos / qvel / ctrl /
 * sensordata / xpos / xmat, the full state as one Float64Array, and dm_control's legacy stepping.
 *
 * The arrays returned are live views into the wasm heap: read or write them right away, and do not keep them past
 * the next MuJoCo call (a heap that grows detaches old views). Physics makes each view once and keeps it until the
 * heap has grown (./heap-views.ts): embind builds a new view on every `data.<field>` read, a cost per step.
 */
import type { MjData, MjModel } from '@mujoco/mujoco';
import { EnvError } from '../../src/util/errors.js';
import { type HeapArray, HeapViews } from './heap-views.js';
import { type Mujoco, MujocoObjects, mujoco, withMujocoObjects } from './mujoco.js';

/** Files the MJCF includes, by path relative to the model (e.g. `common/materials.xml`). */
export type ModelAssets = Readonly<Record<string, string>>;

type ObjectKind = 'body' | 'joint' | 'actuator' | 'sensor' | 'geom' | 'site';
/** Names of the model's and the data's array fields (embind types them `any`). */
type ArrayFields<T> = { [K in keyof T]: T[K] extends number | boolean | bigint | string | ((...args: never[]) => unknown) ? never : K }[keyof T] & string;
export type DataArrayField = ArrayFields<MjData>;
export type ModelArrayField = ArrayFields<MjModel>;

export class Physics {
  readonly model: MjModel;
  readonly data: MjData;
  /** The wasm module the model lives in (for MuJoCo calls on `model` and `data`). */
  readonly mj: Mujoco;
  private readonly objects = new MujocoObjects();
  private readonly stateSpec: number;
  private readonly rk4: boolean;
  private deleted = false;
  /** The model's options, a live reference (reading `model.opt` builds a new wrapper each time). */
  private readonly opt: MjModel['opt'];
  /** MuJoCo resets a bad state itself (unless the model disables it): see diverged(). */
  private readonly autoReset: boolean;
  /** Views of data arrays and their named entries, and of model arrays, made once per heap. */
  private readonly views: HeapViews;
  private readonly modelViews: HeapViews;
  /** Ids by kind and name: a model's ids never change. */
  private readonly ids = new Map<ObjectKind, Map<string, number>>();
  /**
   * What the last read of MuJoCo's warning counters found, and the physics time it holds for (NaN: unknown): stepping carries it
   * forward while it can prove no bad-state warning was counted (see step()), so diverged() rarely reads them.
   */
  private warningsTime = Number.NaN;
  private warningsBad = false;

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
    this.views = new HeapViews(this.data);
    this.modelViews = new HeapViews(this.model);
    this.stateSpec = mj.mjtState.mjSTATE_INTEGRATION.value;
    this.opt = this.model.opt;
    this.rk4 = this.opt.integrator === mj.mjtIntegrator.mjINT_RK4.value;
    this.autoReset = (this.opt.disableflags & mj.mjtDisableBit.mjDSBL_AUTORESET.value) === 0;
    mj.mj_forward(this.model, this.data);
  }

  get timestep(): number {
    return this.opt.timestep;
  }

  get time(): number {
    return this.data.time;
  }

  get qpos(): Float64Array {
    return this.dataArray('qpos');
  }
  get qvel(): Float64Array {
    return this.dataArray('qvel');
  }
  get ctrl(): Float64Array {
    return this.dataArray('ctrl');
  }
  get sensordata(): Float64Array {
    return this.dataArray('sensordata');
  }
  /** [nbody, 3] body positions, row-major. */
  get xpos(): Float64Array {
    return this.dataArray('xpos');
  }
  /** [nbody, 9] body orientations (row-major 3x3 each). */
  get xmat(): Float64Array {
    return this.dataArray('xmat');
  }

  /** An array of the data (`data.<field>`), e.g. `xipos`; a cached view, see the note at the top. */
  dataArray<T extends HeapArray = Float64Array>(field: DataArrayField): T {
    return this.views.get(field) as T;
  }

  /** An array of the model (`model.<field>`), e.g. `geom_size`; a cached view, see the note at the top. */
  modelArray<T extends HeapArray = Float64Array>(field: ModelArrayField): T {
    return this.modelViews.get(field) as T;
  }

  /** The id of a named object; throws naming the kind and the name. */
  id(kind: ObjectKind, name: string): number {
    let byName = this.ids.get(kind);
    if (byName === undefined) this.ids.set(kind, (byName = new Map()));
    const known = byName.get(name);
    if (known !== undefined) return known;
    const objs = this.mj.mjtObj;
    const type = { body: objs.mjOBJ_BODY, joint: objs.mjOBJ_JOINT, actuator: objs.mjOBJ_ACTUATOR, sensor: objs.mjOBJ_SENSOR, geom: objs.mjOBJ_GEOM, site: objs.mjOBJ_SITE }[kind].value;
    const id = this.mj.mj_name2id(this.model, type, name);
    if (id < 0) throw new EnvError(`The model has no ${kind} named "${name}".`);
    byName.set(name, id);
    return id;
  }

  /** Named views, as dm_control's `physics.named.data.<field>[name]` (kept per heap, like the arrays). */
  readonly named = {
    qpos: (joint: string): Float64Array => this.views.namedView('qpos', joint) ?? this.views.keepNamed('qpos', joint, this.jointSlice(this.qpos, joint, 'qpos')),
    qvel: (joint: string): Float64Array => this.views.namedView('qvel', joint) ?? this.views.keepNamed('qvel', joint, this.jointSlice(this.qvel, joint, 'qvel')),
    ctrl: (actuator: string): Float64Array => this.views.namedView('ctrl', actuator) ?? this.views.keepNamed('ctrl', actuator, this.rows(this.ctrl, 'actuator', actuator, 1)),
    sensordata: (sensor: string): Float64Array => {
      const kept = this.views.namedView('sensordata', sensor);
      if (kept !== undefined) return kept;
      const id = this.id('sensor', sensor);
      const adr = this.modelArray<Int32Array>('sensor_adr')[id] as number;
      return this.views.keepNamed('sensordata', sensor, this.sensordata.subarray(adr, adr + (this.modelArray<Int32Array>('sensor_dim')[id] as number)));
    },
    xpos: (body: string): Float64Array => this.views.namedView('xpos', body) ?? this.views.keepNamed('xpos', body, this.rows(this.xpos, 'body', body, 3)),
    xmat: (body: string): Float64Array => this.views.namedView('xmat', body) ?? this.views.keepNamed('xmat', body, this.rows(this.xmat, 'body', body, 9)),
    geomXpos: (geom: string): Float64Array =>
      this.views.namedView('geom_xpos', geom) ?? this.views.keepNamed('geom_xpos', geom, this.rows(this.dataArray('geom_xpos'), 'geom', geom, 3)),
    siteXpos: (site: string): Float64Array =>
      this.views.namedView('site_xpos', site) ?? this.views.keepNamed('site_xpos', site, this.rows(this.dataArray('site_xpos'), 'site', site, 3)),
  };

  /** The `width` numbers of the named object's row of `array`. */
  private rows(array: Float64Array, kind: ObjectKind, name: string, width: number): Float64Array {
    const id = this.id(kind, name);
    return array.subarray(width * id, width * id + width);
  }

  private jointSlice(array: Float64Array, joint: string, field: 'qpos' | 'qvel'): Float64Array {
    const j = this.id('joint', joint);
    const adrs = this.modelArray<Int32Array>(field === 'qpos' ? 'jnt_qposadr' : 'jnt_dofadr');
    const start = adrs[j] as number;
    const size = JOINT_WIDTH[field][this.modelArray<Int32Array>('jnt_type')[j] as number] ?? 1;
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
    this.warningsTime = Number.NaN;
    this.mj.mj_setState(this.model, this.data, Array.from(state), this.stateSpec);
    this.forward();
  }

  /** mj_forward: positions, velocities, forces and accelerations of the current state (dm_control's after_reset). */
  forward(): void {
    this.warningsTime = Number.NaN;
    this.mj.mj_forward(this.model, this.data);
  }

  resetData(): void {
    this.warningsTime = Number.NaN;
    this.mj.mj_resetData(this.model, this.data);
  }

  /**
   * dm_control's legacy stepping of `nSubsteps` physics steps: for an Euler model finish the step mj_step1 began
   * (mj_step2), run the remaining sub-steps with mj_step, then mj_step1; for RK4, mj_step every sub-step, then
   * mj_step1. So the positions and velocities derived quantities (xpos, sensors) match qpos/qvel when read.
   * Returns the physics time after the step.
   */
  step(nSubsteps = 1): number {
    const { mj, model, data } = this;
    if (this.rk4) {
      for (let i = 0; i < nSubsteps; i++) mj.mj_step(model, data);
    } else {
      mj.mj_step2(model, data);
      for (let i = 1; i < nSubsteps; i++) mj.mj_step(model, data);
    }
    mj.mj_step1(model, data);
    // MuJoCo counts a bad-state warning only where it resets the data (time 0) and steps on from there, so after
    // such a reset the time is at most nSubsteps timesteps. A step that ends nSubsteps timesteps after a time whose
    // counters are known, and later than that, counted none (the time is one embind read; the counters are many).
    const after = data.time;
    const span = nSubsteps * this.opt.timestep;
    const clean = this.autoReset && Math.abs(after - (this.warningsTime + span)) <= 1e-6 * span && after > span * (1 + 1e-6);
    this.warningsTime = clean ? after : Number.NaN;
    return after;
  }

  /**
   * True when qpos, qvel or qacc holds a NaN or an infinity, or MuJoCo counted a bad qpos, qvel or qacc (it resets
   * such a state to the model's default and warns): at the step it happens.
   */
  diverged(): boolean {
    if (!allFinite(this.qpos) || !allFinite(this.qvel) || !allFinite(this.dataArray('qacc'))) return true;
    const time = this.data.time;
    if (this.warningsTime === time) return this.warningsBad;
    // `data.warning` is a view into the data, owned by it: deleting it would free the data's memory (a double free
    // later). Reading it costs ~8 µs a counter (embind wrappers), hence the bookkeeping in step().
    const warnings = this.data.warning;
    const kinds = [this.mj.mjtWarning.mjWARN_BADQPOS, this.mj.mjtWarning.mjWARN_BADQVEL, this.mj.mjtWarning.mjWARN_BADQACC];
    const bad = kinds.some((w) => (warnings.get(w.value)?.number ?? 0) > 0);
    this.warningsTime = time;
    this.warningsBad = bad;
    return bad;
  }

  /** Frees the model and data; idempotent. */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    this.objects.delete();
  }
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return false;
  return true;
}

/** qpos / qvel widths by joint type (free, ball, slide, hinge). */
const JOINT_WIDTH = { qpos: [7, 4, 1, 1], qvel: [6, 3, 1, 1] } as const;
