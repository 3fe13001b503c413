/**
 * Cross-copy `instanceof` for spaces. A user's env file may load its own copy of this module (tsx loads `.ts`
 * sources separately from the compiled package), so its Box is not this module's Box. Each space class stamps
 * its instances with a global symbol and answers `instanceof` by that stamp, so `x instanceof Box` holds for a Box
 * from any copy. Subclasses keep the ordinary prototype check.
 */
export function spaceBrand(name: string): symbol {
  return Symbol.for(`dreamer-ts.spaces.${name}`);
}

export function hasBrand(self: unknown, cls: unknown, brand: symbol, x: unknown): boolean {
  if (self !== cls) return Function.prototype[Symbol.hasInstance].call(self as () => unknown, x);
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}
