import type { Canvas, Rgb } from '../../src/render/canvas.js';
import { drawSmoothCircle } from '../../src/render/circle.js';
import { drawAaPolyline } from '../../src/render/line.js';
import { drawSmoothPolygon, rotate, type Point } from '../../src/render/polygon.js';

/** Gymnasium's MountainCar frame: hill y = 0.45·sin(3x) + 0.55 over [-1.2, 0.6], a 40x20 car, flag at the goal. */
export const MIN_POSITION = -1.2;
export const MAX_POSITION = 0.6;
const HILL_SAMPLES = 100;
const CAR_WIDTH = 40;
const CAR_HEIGHT = 20;
const CLEARANCE = 10;
const WHEEL_RADIUS_DIVISOR = 2.5;
const FLAG_POLE_HEIGHT = 50;
const FLAG_WIDTH = 25;
const FLAG_HEIGHT = 10;
const INK: Rgb = [0, 0, 0];
const WHEEL_COLOR: Rgb = [128, 128, 128];
const FLAG_COLOR: Rgb = [204, 204, 0];
const BACKGROUND: Rgb = [255, 255, 255];

export function hillHeight(x: number): number {
  return Math.sin(3 * x) * 0.45 + 0.55;
}

/** Hill curve, car tilted along the slope with two wheels, and the goal flag; y up (the base flips afterwards). */
export function drawMountainCar(c: Canvas, position: number, goalPosition: number): void {
  const scale = c.width / (MAX_POSITION - MIN_POSITION);
  c.fill(BACKGROUND);

  const hill: [number, number][] = [];
  for (let i = 0; i < HILL_SAMPLES; i++) {
    const x = MIN_POSITION + ((MAX_POSITION - MIN_POSITION) * i) / (HILL_SAMPLES - 1);
    hill.push([(x - MIN_POSITION) * scale, hillHeight(x) * scale]);
  }
  drawAaPolyline(c, hill, INK);

  const tilt = Math.cos(3 * position);
  const baseX = (position - MIN_POSITION) * scale;
  const baseY = CLEARANCE + hillHeight(position) * scale;
  const corners: Point[] = [[-CAR_WIDTH / 2, 0], [-CAR_WIDTH / 2, CAR_HEIGHT], [CAR_WIDTH / 2, CAR_HEIGHT], [CAR_WIDTH / 2, 0]];
  const car: Point[] = corners.map((p) => {
    const [x, y] = rotate(p, tilt);
    return [x + baseX, y + baseY];
  });
  drawSmoothPolygon(c, car, INK);

  for (const wheel of [[CAR_WIDTH / 4, 0], [-CAR_WIDTH / 4, 0]] as Point[]) {
    const [x, y] = rotate(wheel, tilt);
    drawSmoothCircle(c, Math.trunc(x + baseX), Math.trunc(y + baseY), Math.trunc(CAR_HEIGHT / WHEEL_RADIUS_DIVISOR), WHEEL_COLOR);
  }

  const flagX = Math.trunc((goalPosition - MIN_POSITION) * scale);
  const flagY1 = Math.trunc(hillHeight(goalPosition) * scale);
  const flagY2 = flagY1 + FLAG_POLE_HEIGHT;
  c.vline(flagX, flagY1, flagY2, INK);
  const flag: Point[] = [[flagX, flagY2], [flagX, flagY2 - FLAG_HEIGHT], [flagX + FLAG_WIDTH, flagY2 - FLAG_HEIGHT / 2]];
  drawSmoothPolygon(c, flag, FLAG_COLOR);
}
