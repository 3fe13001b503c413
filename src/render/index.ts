// A small pure-JS rasteriser for rgb_array frames (HWC uint8) and a PNG encoder.
export { Canvas, type Rgb } from './canvas.js';
export { drawLine, drawAaLine, drawAaPolyline } from './line.js';
export { fillPolygon, drawAaPolygon, drawSmoothPolygon, rotate, type Point } from './polygon.js';
export { fillCircle, drawAaCircle, drawSmoothCircle } from './circle.js';
export { encodePng, crc32 } from './png.js';
