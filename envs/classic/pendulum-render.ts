import type { Canvas, Rgb } from '../../src/render/canvas.js';
import { drawSmoothCircle } from '../../src/render/circle.js';
import { drawAaLine } from '../../src/render/line.js';
import { drawSmoothPolygon, rotate, type Point } from '../../src/render/polygon.js';

/** Gymnasium's Pendulum frame: the world spans ±2.2 units; the rod is 1 unit long and 0.2 wide. */
const WORLD_BOUND = 2.2;
const ROD_COLOR: Rgb = [204, 77, 77];
const AXLE_COLOR: Rgb = [0, 0, 0];
const ARROW_COLOR: Rgb = [40, 40, 40];
const BACKGROUND: Rgb = [255, 255, 255];
const ROD_WIDTH_UNITS = 0.2;
const AXLE_RADIUS_UNITS = 0.05;
/** The torque arrow (Gymnasium blits a "clockwise" image scaled by |u|/2): an arc spanning 3/4 of a turn. */
const ARROW_ARC = 1.5 * Math.PI;
const ARROW_SEGMENTS = 48;
const ARROW_THICKNESS = 3;
const ARROW_HEAD = 0.35;

/** Rod at angle θ (0 = up), end caps, torque arrow for `lastU`, axle; y up (the base flips afterwards). */
export function drawPendulum(c: Canvas, theta: number, lastU: number | undefined): void {
  const scale = c.width / (WORLD_BOUND * 2);
  const offset = Math.floor(c.width / 2);
  const rodLength = 1 * scale;
  const rodWidth = ROD_WIDTH_UNITS * scale;
  c.fill(BACKGROUND);

  const angle = theta + Math.PI / 2;
  const corners: Point[] = [[0, -rodWidth / 2], [0, rodWidth / 2], [rodLength, rodWidth / 2], [rodLength, -rodWidth / 2]];
  const rod: Point[] = corners.map((p) => {
    const [x, y] = rotate(p, angle);
    return [x + offset, y + offset];
  });
  drawSmoothPolygon(c, rod, ROD_COLOR);
  const capRadius = Math.trunc(rodWidth / 2);
  drawSmoothCircle(c, offset, offset, capRadius, ROD_COLOR);
  const [ex, ey] = rotate([rodLength, 0], angle);
  drawSmoothCircle(c, Math.trunc(ex + offset), Math.trunc(ey + offset), capRadius, ROD_COLOR);

  if (lastU !== undefined && lastU !== 0) drawTorqueArrow(c, offset, (scale * Math.abs(lastU)) / 4, lastU > 0);
  drawSmoothCircle(c, offset, offset, Math.trunc(AXLE_RADIUS_UNITS * scale), AXLE_COLOR);
}

/** A thick arc around the pivot with an arrow head: counter-clockwise for positive torque. */
function drawTorqueArrow(c: Canvas, centre: number, radius: number, counterClockwise: boolean): void {
  const dir = counterClockwise ? 1 : -1;
  const start = -Math.PI / 2 - (dir * ARROW_ARC) / 2;
  const pointAt = (a: number, r: number): [number, number] => [centre + r * Math.cos(a), centre + r * Math.sin(a)];
  for (let k = 0; k < ARROW_SEGMENTS; k++) {
    const a0 = start + (dir * ARROW_ARC * k) / ARROW_SEGMENTS;
    const a1 = start + (dir * ARROW_ARC * (k + 1)) / ARROW_SEGMENTS;
    for (let t = -ARROW_THICKNESS / 2; t <= ARROW_THICKNESS / 2; t += 0.5) {
      const [x0, y0] = pointAt(a0, radius + t);
      const [x1, y1] = pointAt(a1, radius + t);
      drawAaLine(c, x0, y0, x1, y1, ARROW_COLOR);
    }
  }
  const end = start + dir * ARROW_ARC;
  const tip = pointAt(end + dir * ARROW_HEAD, radius);
  const head: Point[] = [pointAt(end, radius * (1 - ARROW_HEAD)), pointAt(end, radius * (1 + ARROW_HEAD)), tip];
  drawSmoothPolygon(c, head, ARROW_COLOR);
}
