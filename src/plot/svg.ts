import { PLOT_FONT_FAMILY } from './fonts.js';
import { hex } from './palette.js';
import type { Scene, Shape } from './scene.js';

/** The scene as a standalone SVG document. */
export function sceneToSvg(scene: Scene): string {
  const body = scene.shapes.map(shapeToSvg).join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" ` +
    `viewBox="0 0 ${scene.width} ${scene.height}" font-family="${PLOT_FONT_FAMILY}">\n` +
    `<rect x="0" y="0" width="${scene.width}" height="${scene.height}" fill="${hex(scene.background)}"/>\n${body}\n</svg>\n`
  );
}

function shapeToSvg(shape: Shape): string {
  const element = shapeElement(shape);
  return shape.role ? element.replace(/^<(\w+) /, `<$1 class="${shape.role}" `) : element;
}

function shapeElement(shape: Shape): string {
  switch (shape.kind) {
    case 'rect': {
      const stroke = shape.stroke ? ` stroke="${hex(shape.stroke)}"` : '';
      return `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.w)}" height="${n(shape.h)}" fill="${hex(shape.fill)}" fill-opacity="${shape.opacity ?? 1}"${stroke}/>`;
    }
    case 'line':
      return `<path d="${pathData(shape.points)}" fill="none" stroke="${hex(shape.color)}" stroke-width="${shape.width}" stroke-linejoin="round"/>`;
    case 'area':
      return `<path d="${pathData(shape.points)} Z" fill="${hex(shape.color)}" fill-opacity="${shape.opacity}" stroke="none"/>`;
    case 'text': {
      const rotate = shape.rotate ? ` transform="rotate(${shape.rotate} ${n(shape.x)} ${n(shape.y)})"` : '';
      return (
        `<text x="${n(shape.x)}" y="${n(shape.y)}" font-size="${shape.size}" fill="${hex(shape.color)}" ` +
        `text-anchor="${shape.anchor}" dominant-baseline="middle"${rotate}>${escapeXml(shape.text)}</text>`
      );
    }
  }
}

function pathData(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(x)},${n(y)}`).join(' ');
}

function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
