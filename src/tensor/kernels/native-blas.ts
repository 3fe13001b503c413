/** The optional native BLAS matMul (native/): placeholder until the addon lands. */
export type NativeBlasChoice = 'auto' | 'off';

/** Use the addon for matMul on wasm when it is built and `choice` allows; returns its description or undefined. */
export function enableNativeBlas(choice: NativeBlasChoice): string | undefined {
  if (choice === 'off') return undefined;
  return undefined;
}

/** Go back to the wasm matMul. */
export function disableNativeBlas(): void {}
