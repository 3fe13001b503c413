/**
 * CPU rendering of a DMC scene by ray casting, without GPU or WebGL: one ray per pixel from a model camera through
 * the pixel's centre (pinhole camera: the pose from `data.cam_xpos` / `cam_xmat`, the vertical field of view from
 * `model.cam_fovy`), cast in one batch by MuJoCo's `mj_multiRay`, which gives each ray's first geom, distance and
 * surface normal. A hit is shaded by the geom's colour (its material's rgba when it has one, else its rgba) with
 * MuJoCo's headlight and the model's lights (Lambert, no shadows, no reflections, no textures); upward planes
 * (floors) get a checker so motion over them shows; a ray that hits nothing sees a vertical sky gradient.
 *
 * Not pixel-identical to MuJoCo's OpenGL renderer (dm_control's `physics.render`): the same geometry from the same
 * camera, plainer shading. Frames are RGB bytes [H, W, 3], row 0 at the top, as dm_control returns them.
 */
import type { Frame } from '../../src/env/env.js';
import { EnvError } from '../../src/util/errors.js';
import { type Mujoco, MujocoObjects, withMujocoObjects } from './mujoco.js';
import type { Physics } from './physics.js';

export interface RenderOptions {
  /** Frame size in pixels; DreamerV3's agents see 64 x 64. */
  width: number;
  height: number;
  /** A camera of the model, by name or id. */
  camera: string | number;
}

/** DreamerV3's observation size. */
export const DEFAULT_RENDER_SIZE = 64;

/** Rays stop at this distance; far enough for any floor a suite camera sees, and the sky beyond. */
const RAY_CUTOFF = 1e4;
/** Geom groups drawn (MuJoCo's visualiser shows groups 0, 1 and 2 by default). */
const VISIBLE_GROUPS = [1, 1, 1, 0, 0, 0];
/** Sky colours at the horizon and straight up. */
const SKY_HORIZON = [0.4, 0.6, 0.8] as const;
const SKY_ZENITH = [0.05, 0.1, 0.2] as const;
/** Checker: each square's side (at most; small planes get four squares per half-width) and the brightness swing. */
const CHECKER_SQUARE = 0.5;
const CHECKER_CONTRAST = 0.2;

/** Ray directions for a frame: [H * W, 3] world vectors, rows of pixels from the top. */
export interface Rays {
  origin: readonly [number, number, number];
  directions: Float64Array;
}

/**
 * Renders `physics` from one of its cameras. Owns three MuJoCo buffers sized for one frame; `delete()` frees them
 * (the env does it on close).
 */
export class RayCastRenderer {
  readonly width: number;
  readonly height: number;
  readonly cameraId: number;
  private readonly objects = new MujocoObjects();
  private readonly geomId;
  private readonly distance;
  private readonly normal;
  /** Pixel directions in the camera's frame (x right, y up, looking along -z), [H * W, 3]. */
  private readonly local: Float64Array;
  private readonly world: Float64Array;
  private readonly shader: Shader;

  constructor(
    private readonly physics: Physics,
    opts: RenderOptions,
  ) {
    const { width, height } = opts;
    for (const [name, v] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > 4096) throw new EnvError(`render ${name} ${String(v)} is not an integer in [1, 4096]; pass a frame size in pixels, e.g. ${name}: 64.`);
    }
    this.width = width;
    this.height = height;
    this.cameraId = cameraIndex(physics, opts.camera);
    const mj = physics.mj;
    const n = width * height;
    this.geomId = this.objects.own(new mj.IntBuffer(n));
    this.distance = this.objects.own(new mj.DoubleBuffer(n));
    this.normal = this.objects.own(new mj.DoubleBuffer(3 * n));
    this.local = pixelDirections(width, height, (physics.model.cam_fovy as Float64Array)[this.cameraId] as number);
    this.world = new Float64Array(3 * n);
    this.shader = new Shader(physics);
  }

  /** The camera's rays for the current state (world frame). */
  rays(): Rays {
    const data = this.physics.data;
    const c = this.cameraId;
    const pos = data.cam_xpos as Float64Array;
    const r = (data.cam_xmat as Float64Array).subarray(9 * c, 9 * c + 9);
    const { local, world } = this;
    // world = R · local: R's columns are the camera's axes in the world frame.
    for (let i = 0; i < local.length; i += 3) {
      const x = local[i] as number;
      const y = local[i + 1] as number;
      const z = local[i + 2] as number;
      world[i] = (r[0] as number) * x + (r[1] as number) * y + (r[2] as number) * z;
      world[i + 1] = (r[3] as number) * x + (r[4] as number) * y + (r[5] as number) * z;
      world[i + 2] = (r[6] as number) * x + (r[7] as number) * y + (r[8] as number) * z;
    }
    return { origin: [pos[3 * c] as number, pos[3 * c + 1] as number, pos[3 * c + 2] as number], directions: world };
  }

  /**
   * Casts `rays`: per ray the geom hit (-1 for none), the distance in units of the direction's length, the unit
   * normal. A frame's worth of rays uses the renderer's buffers (the views are valid until the next cast); another
   * count, temporary ones (copied out).
   */
  cast(rays: Rays): { geomId: Int32Array; distance: Float64Array; normal: Float64Array } {
    const n = rays.directions.length / 3;
    if (n === this.width * this.height) return castInto(this.physics, rays, this.geomId, this.distance, this.normal);
    const mj = this.physics.mj;
    return withMujocoObjects((scope) => {
      const hits = castInto(this.physics, rays, scope.own(new mj.IntBuffer(n)), scope.own(new mj.DoubleBuffer(n)), scope.own(new mj.DoubleBuffer(3 * n)));
      return { geomId: hits.geomId.slice(), distance: hits.distance.slice(), normal: hits.normal.slice() };
    });
  }

  /** One frame of the current state. */
  render(): Frame {
    const rays = this.rays();
    const hits = this.cast(rays);
    const shade = this.shader;
    shade.update(rays.origin);
    const image = new Uint8Array(this.width * this.height * 3);
    const dirs = rays.directions;
    const rgb = [0, 0, 0];
    for (let p = 0; p < hits.geomId.length; p++) {
      const g = hits.geomId[p] as number;
      const geomDistance = g < 0 ? Infinity : (hits.distance[p] as number);
      if (shade.site(dirs, p, geomDistance, rgb)) {
        // a site in front of the geom (or the sky) was drawn
      } else if (g < 0) shade.sky(dirs, p, rgb);
      else shade.hit(g, dirs, p, geomDistance, hits.normal, rgb);
      image[3 * p] = toByte(rgb[0] as number);
      image[3 * p + 1] = toByte(rgb[1] as number);
      image[3 * p + 2] = toByte(rgb[2] as number);
    }
    return { data: image, shape: [this.height, this.width, 3] };
  }

  delete(): void {
    this.objects.delete();
  }
}

/** Colours of hits and misses: the model's colours and lights read once, the poses again every frame. */
class Shader {
  private readonly physics: Physics;
  private readonly plane: number;
  private readonly geomType: Int32Array;
  private readonly geomRgba: Float32Array;
  private readonly geomMat: Int32Array;
  private readonly matRgba: Float32Array;
  private readonly geomSize: Float64Array;
  /** Headlight ambient plus the lights' ambient, and the headlight's diffuse colour. */
  private readonly ambient: number[];
  private readonly headDiffuse: number[];
  private readonly lightDiffuse: number[][];
  /** Per frame: the camera, the geoms' poses, each light's unit direction toward it. */
  private origin: readonly [number, number, number] = [0, 0, 0];
  private geomXpos: Float64Array = new Float64Array(0);
  private geomXmat: Float64Array = new Float64Array(0);
  private toLight: number[][] = [];
  /** Sites MuJoCo draws by default (groups 0-2, not transparent) that are spheres: index, radius, rgba. */
  private readonly sites: { id: number; radius: number; rgba: Float32Array }[];
  private siteXpos: Float64Array = new Float64Array(0);

  constructor(physics: Physics) {
    const model = physics.model;
    this.physics = physics;
    this.plane = physics.mj.mjtGeom.mjGEOM_PLANE.value;
    // Model arrays are copied: views of the wasm heap detach when it grows.
    this.geomType = Int32Array.from(model.geom_type as Int32Array);
    this.geomRgba = Float32Array.from(model.geom_rgba as Float32Array);
    this.geomMat = Int32Array.from(model.geom_matid as Int32Array);
    this.matRgba = Float32Array.from(model.mat_rgba as Float32Array);
    this.geomSize = Float64Array.from(model.geom_size as Float64Array);
    this.sites = visibleSphereSites(physics);
    // `model.vis` hands out a new wrapper on every read: read it once.
    const head = model.vis.headlight;
    const on = head.active !== 0;
    this.ambient = on ? Array.from(head.ambient as Float32Array) : [0, 0, 0];
    this.headDiffuse = on ? Array.from(head.diffuse as Float32Array) : [0, 0, 0];
    const ambient = model.light_ambient as Float32Array;
    const diffuse = model.light_diffuse as Float32Array;
    // (The binding cannot read `light_active`; every light counts as on, as the suite's are.)
    this.lightDiffuse = Array.from({ length: model.nlight }, (_, l) => {
      for (let k = 0; k < 3; k++) this.ambient[k] = (this.ambient[k] as number) + (ambient[3 * l + k] as number);
      return [diffuse[3 * l] as number, diffuse[3 * l + 1] as number, diffuse[3 * l + 2] as number];
    });
  }

  update(origin: readonly [number, number, number]): void {
    const data = this.physics.data;
    this.origin = origin;
    this.geomXpos = data.geom_xpos as Float64Array;
    this.geomXmat = data.geom_xmat as Float64Array;
    this.siteXpos = data.site_xpos as Float64Array;
    const dir = data.light_xdir as Float64Array;
    // Spot lights count as directional along their axis: fine for the suite's overhead lights.
    this.toLight = this.lightDiffuse.map((_, l) => [-(dir[3 * l] as number), -(dir[3 * l + 1] as number), -(dir[3 * l + 2] as number)]);
  }

  /**
   * Draws the nearest visible site the ray meets before `geomDistance` (mj_multiRay sees geoms only; dm_control's
   * targets, e.g. finger's, are sites). Returns whether one was drawn.
   */
  site(dirs: Float64Array, p: number, geomDistance: number, out: number[]): boolean {
    if (this.sites.length === 0) return false;
    const [dx, dy, dz] = [dirs[3 * p] as number, dirs[3 * p + 1] as number, dirs[3 * p + 2] as number];
    const dd = dx * dx + dy * dy + dz * dz;
    let best = geomDistance;
    let hit: (typeof this.sites)[number] | undefined;
    for (const site of this.sites) {
      const t = sphereHit(this.origin, dx, dy, dz, dd, this.siteXpos, site.id, site.radius);
      if (t < best) [best, hit] = [t, site];
    }
    if (!hit) return false;
    // Shaded like a geom: the headlight by the angle between the sphere's normal and the ray.
    const c = 3 * hit.id;
    const n = [0, 1, 2].map((k) => (this.origin[k] as number) + best * (dirs[3 * p + k] as number) - (this.siteXpos[c + k] as number));
    const head = Math.abs((n[0] as number) * dx + (n[1] as number) * dy + (n[2] as number) * dz) / (hit.radius * Math.sqrt(dd));
    for (let k = 0; k < 3; k++) out[k] = (hit.rgba[k] as number) * Math.min((this.ambient[k] as number) + (this.headDiffuse[k] as number) * head, 1.2);
    return true;
  }

  sky(dirs: Float64Array, p: number, out: number[]): void {
    const [x, y, z] = [dirs[3 * p] as number, dirs[3 * p + 1] as number, dirs[3 * p + 2] as number];
    const up = Math.max(0, z / Math.hypot(x, y, z));
    for (let k = 0; k < 3; k++) out[k] = (SKY_HORIZON[k] as number) + up * ((SKY_ZENITH[k] as number) - (SKY_HORIZON[k] as number));
  }

  hit(g: number, dirs: Float64Array, p: number, distance: number, normals: Float64Array, out: number[]): void {
    const mat = this.geomMat[g] as number;
    const rgba = mat >= 0 ? this.matRgba.subarray(4 * mat, 4 * mat + 4) : this.geomRgba.subarray(4 * g, 4 * g + 4);
    const [dx, dy, dz] = [dirs[3 * p] as number, dirs[3 * p + 1] as number, dirs[3 * p + 2] as number];
    const [nx, ny, nz] = [normals[3 * p] as number, normals[3 * p + 1] as number, normals[3 * p + 2] as number];
    // The headlight shines from the camera: its cosine is the angle between the normal and the ray.
    const head = Math.abs(nx * dx + ny * dy + nz * dz) / Math.hypot(dx, dy, dz);
    let brightness = 1;
    if (this.geomType[g] === this.plane && (this.geomXmat[9 * g + 8] as number) > 0.9) {
      brightness = this.checker(g, this.origin[0] + distance * dx, this.origin[1] + distance * dy, this.origin[2] + distance * dz);
    }
    for (let k = 0; k < 3; k++) {
      let light = (this.ambient[k] as number) + (this.headDiffuse[k] as number) * head;
      for (let l = 0; l < this.toLight.length; l++) {
        const [lx, ly, lz] = this.toLight[l] as number[];
        light += (this.lightDiffuse[l]?.[k] as number) * Math.max(0, nx * (lx as number) + ny * (ly as number) + nz * (lz as number));
      }
      out[k] = (rgba[k] as number) * brightness * Math.min(light, 1.2);
    }
  }

  /** 1 ± CHECKER_CONTRAST by the parity of the square (in the plane's own x, y) that holds the point. */
  private checker(g: number, x: number, y: number, z: number): number {
    const pos = this.geomXpos.subarray(3 * g, 3 * g + 3);
    const r = this.geomXmat.subarray(9 * g, 9 * g + 9);
    const [ox, oy, oz] = [x - (pos[0] as number), y - (pos[1] as number), z - (pos[2] as number)];
    // Local coordinates: Rᵀ · offset (R's columns are the plane's axes).
    const u = (r[0] as number) * ox + (r[3] as number) * oy + (r[6] as number) * oz;
    const v = (r[1] as number) * ox + (r[4] as number) * oy + (r[7] as number) * oz;
    const half = Math.min(this.geomSize[3 * g] as number, this.geomSize[3 * g + 1] as number);
    const side = half > 0 ? Math.min(CHECKER_SQUARE, half / 4) : CHECKER_SQUARE;
    return (Math.floor(u / side) + Math.floor(v / side)) % 2 === 0 ? 1 + CHECKER_CONTRAST : 1 - CHECKER_CONTRAST;
  }
}

type IntBuffer = InstanceType<Mujoco['IntBuffer']>;
type DoubleBuffer = InstanceType<Mujoco['DoubleBuffer']>;

/** One mj_multiRay call into buffers of exactly the rays' count (the binding checks the sizes). */
function castInto(physics: Physics, rays: Rays, geomId: IntBuffer, distance: DoubleBuffer, normal: DoubleBuffer): { geomId: Int32Array; distance: Float64Array; normal: Float64Array } {
  const n = rays.directions.length / 3;
  const { model, data } = physics;
  // The binding takes any array-like for the directions; its type says number[].
  physics.mj.mj_multiRay(model, data, [...rays.origin], rays.directions as unknown as number[], VISIBLE_GROUPS, true, -1, geomId, distance, normal, n, RAY_CUTOFF);
  // Views are taken after the call: a heap that grew during it detaches older ones.
  return { geomId: geomId.GetView() as Int32Array, distance: distance.GetView() as Float64Array, normal: normal.GetView() as Float64Array };
}

/** Camera-frame directions through the pixel centres: x right, y up, -z forward; `fovy` degrees, vertical. */
export function pixelDirections(width: number, height: number, fovy: number): Float64Array {
  const tanHalf = Math.tan((fovy * Math.PI) / 360);
  const out = new Float64Array(3 * width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = 3 * (row * width + col);
      out[i] = ((2 * (col + 0.5)) / width - 1) * tanHalf * (width / height);
      out[i + 1] = (1 - (2 * (row + 0.5)) / height) * tanHalf;
      out[i + 2] = -1;
    }
  }
  return out;
}

/** A camera's id from its name or id; throws naming the model's cameras. */
function cameraIndex(physics: Physics, camera: string | number): number {
  const ncam = physics.model.ncam;
  const names = Array.from({ length: ncam }, (_, i) => cameraName(physics, i));
  const list = ncam === 0 ? 'the model has no camera' : `its cameras are ${names.map((n, i) => `${i} "${n}"`).join(', ')}`;
  if (typeof camera === 'number') {
    if (Number.isInteger(camera) && camera >= 0 && camera < ncam) return camera;
    throw new EnvError(`render camera ${camera} does not exist: ${list}.`);
  }
  const id = names.indexOf(camera);
  if (id < 0) throw new EnvError(`render camera "${camera}" does not exist: ${list}.`);
  return id;
}

function cameraName(physics: Physics, id: number): string {
  const mj = physics.mj;
  return mj.mj_id2name(physics.model, mj.mjtObj.mjOBJ_CAMERA.value, id) ?? '';
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

/** MuJoCo's default visual groups for sites (0, 1, 2). */
const VISIBLE_SITE_GROUPS = 3;

/**
 * The sites MuJoCo's default render shows (group < 3, alpha > 0) that are spheres, with their colour (the material's
 * when they have one). Other site shapes are not drawn; none of the suite's visible sites has one.
 */
function visibleSphereSites(physics: Physics): { id: number; radius: number; rgba: Float32Array }[] {
  const model = physics.model;
  const sphere = physics.mj.mjtGeom.mjGEOM_SPHERE.value;
  const types = model.site_type as Int32Array;
  const groups = model.site_group as Int32Array;
  const sizes = model.site_size as Float64Array;
  const siteRgba = model.site_rgba as Float32Array;
  const matIds = model.site_matid as Int32Array;
  const matRgba = model.mat_rgba as Float32Array;
  const out: { id: number; radius: number; rgba: Float32Array }[] = [];
  for (let i = 0; i < model.nsite; i++) {
    if (types[i] !== sphere || (groups[i] as number) >= VISIBLE_SITE_GROUPS) continue;
    const mat = matIds[i] as number;
    const rgba = Float32Array.from(mat >= 0 ? matRgba.subarray(4 * mat, 4 * mat + 4) : siteRgba.subarray(4 * i, 4 * i + 4));
    if ((rgba[3] as number) > 0) out.push({ id: i, radius: sizes[3 * i] as number, rgba });
  }
  return out;
}

/** The ray parameter t (origin + t·d) where the ray first meets the sphere, or Infinity. */
function sphereHit(origin: readonly number[], dx: number, dy: number, dz: number, dd: number, centres: Float64Array, id: number, radius: number): number {
  const ox = (origin[0] as number) - (centres[3 * id] as number);
  const oy = (origin[1] as number) - (centres[3 * id + 1] as number);
  const oz = (origin[2] as number) - (centres[3 * id + 2] as number);
  const b = ox * dx + oy * dy + oz * dz;
  const disc = b * b - dd * (ox * ox + oy * oy + oz * oz - radius * radius);
  if (disc < 0) return Infinity;
  const t = (-b - Math.sqrt(disc)) / dd;
  return t > 0 ? t : Infinity;
}
