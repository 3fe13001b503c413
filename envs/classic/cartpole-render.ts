import type { Canvas, Rgb } from '../../src/render/canvas.js';
import { drawSmoothCircle } from '../../src/render/circle.js';
import { drawSmoothPolygon, rotate, type Point } from '../../src/render/polygon.js';
import { CARTPOLE } from './cartpole-physics.js';

/** Gymnasium's CartPole frame geometry (pixels, y up): 50x30 cart, 10 px pole, track line at y = 100. */
const POLE_WIDTH = 10.0;
const CART_WIDTH = 50.0;
const CART_HEIGHT = 30.0;
const CART_TOP_Y = 100;
const CART_COLOR: Rgb = [0, 0, 0];
const POLE_COLOR: Rgb = [202, 152, 101];
const AXLE_COLOR: Rgb = [129, 132, 203];
const TRACK_COLOR: Rgb = [0, 0, 0];
const BACKGROUND: Rgb = [255, 255, 255];

/** Draws the cart, the pole at angle state[2], the axle and the track (before Gymnasium's vertical flip). */
export function drawCartPole(c: Canvas, state: Float64Array): void {
  const worldWidth = CARTPOLE.xThreshold * 2;
  const scale = c.width / worldWidth;
  const poleLen = scale * (2 * CARTPOLE.length);
  c.fill(BACKGROUND);

  const cartX = state[0] * scale + c.width / 2.0;
  const axleOffset = CART_HEIGHT / 4.0;
  const [l, r, t, b] = [-CART_WIDTH / 2, CART_WIDTH / 2, CART_HEIGHT / 2, -CART_HEIGHT / 2];
  const cartCorners: Point[] = [[l, b], [l, t], [r, t], [r, b]];
  const cart: Point[] = cartCorners.map(([px, py]) => [px + cartX, py + CART_TOP_Y]);
  drawSmoothPolygon(c, cart, CART_COLOR);

  const poleCorners: Point[] = [
    [-POLE_WIDTH / 2, -POLE_WIDTH / 2],
    [-POLE_WIDTH / 2, poleLen - POLE_WIDTH / 2],
    [POLE_WIDTH / 2, poleLen - POLE_WIDTH / 2],
    [POLE_WIDTH / 2, -POLE_WIDTH / 2],
  ];
  const pole: Point[] = poleCorners.map((p) => {
    const [rx, ry] = rotate(p, -state[2]);
    return [rx + cartX, ry + CART_TOP_Y + axleOffset];
  });
  drawSmoothPolygon(c, pole, POLE_COLOR);

  drawSmoothCircle(c, Math.trunc(cartX), Math.trunc(CART_TOP_Y + axleOffset), Math.trunc(POLE_WIDTH / 2), AXLE_COLOR);
  c.hline(0, c.width, CART_TOP_Y, TRACK_COLOR);
}
