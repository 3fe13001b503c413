// File formats of checkpoints and exports, and atomic writes.
export { writeFileAtomic, syncDirectory, type AtomicWriteHooks } from './atomic.js';
export { ensureRunDir } from './dirs.js';
export { DTYPES, tensor, dtypeOf, elementCount, type DType, type Tensor, type TypedArray } from './dtypes.js';
export { encodeSafetensors, decodeSafetensors, writeSafetensors, readSafetensors, readBinary, type SafetensorsContents } from './safetensors.js';
export { encodeNpy, decodeNpy } from './npy.js';
export { encodeNpz, decodeNpz, writeNpz, readNpz, type NpzOptions } from './npz.js';
export { checkTensorSpecs, type TensorSpec } from './validate.js';
export { crc32, crc32c } from './crc32.js';
