import type { Canvas, Rgb } from '../../src/render/canvas.js';
import { drawSmoothCircle } from '../../src/render/circle.js';
import { drawLine } from '../../src/render/line.js';
import { drawSmoothPolygon, rotate, type Point } from '../../src/render/polygon.js';
import { ACROBOT_PHYSICS } from './acrobot-dynamics.js';

/** Gymnasium's Acrobot frame: ±2.2 units of world, links 0.2 wide, joints as circles, the goal line at height 1. */
const WORLD_MARGIN = 0.2;
const LINK_HALF_WIDTH_UNITS = 0.1;
const LINK_COLOR: Rgb = [0, 204, 204];
const JOINT_COLOR: Rgb = [204, 204, 0];
const LINE_COLOR: Rgb = [0, 0, 0];
const BACKGROUND: Rgb = [255, 255, 255];
const GOAL_LINE_HALF_WIDTH = 2.2;

/** Goal line, then each link as a rotated rectangle from its joint with a circle on the joint; y up. */
export function drawAcrobot(c: Canvas, theta1: number, theta2: number): void {
  const l1 = ACROBOT_PHYSICS.linkLength1;
  const l2 = ACROBOT_PHYSICS.linkLength2;
  const bound = l1 + l2 + WORLD_MARGIN;
  const scale = c.width / (bound * 2);
  const offset = c.width / 2;
  c.fill(BACKGROUND);

  // Joint positions in (row-ish, column-ish) order as Gymnasium computes them, then swapped to (x, y).
  const p1: Point = [-l1 * Math.cos(theta1) * scale, l1 * Math.sin(theta1) * scale];
  const p2: Point = [p1[0] - l2 * Math.cos(theta1 + theta2) * scale, p1[1] + l2 * Math.sin(theta1 + theta2) * scale];
  const joints: Point[] = [[0, 0], [p1[1], p1[0]], [p2[1], p2[0]]];
  const thetas = [theta1 - Math.PI / 2, theta1 + theta2 - Math.PI / 2];
  const lengths = [l1 * scale, l2 * scale];

  drawLine(c, -GOAL_LINE_HALF_WIDTH * scale + offset, 1 * scale + offset, GOAL_LINE_HALF_WIDTH * scale + offset, 1 * scale + offset, LINE_COLOR);

  const half = LINK_HALF_WIDTH_UNITS * scale;
  for (let k = 0; k < 2; k++) {
    const x = joints[k][0] + offset;
    const y = joints[k][1] + offset;
    const corners: Point[] = [[0, -half], [0, half], [lengths[k], half], [lengths[k], -half]];
    const link: Point[] = corners.map((p) => {
      const [rx, ry] = rotate(p, thetas[k]);
      return [rx + x, ry + y];
    });
    drawSmoothPolygon(c, link, LINK_COLOR);
    drawSmoothCircle(c, Math.trunc(x), Math.trunc(y), Math.trunc(half), JOINT_COLOR);
  }
}
