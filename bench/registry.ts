import type { Bench } from './bench.js';
import { cnnBench } from './cnn.js';
import { convBench } from './conv.js';
import { matmulBench } from './matmul.js';
import { memoryBench } from './memory-run.js';
import { envBench } from './env.js';
import { gemmBench } from './gemm.js';
import { pixelsBench } from './pixels.js';
import { stepBench } from './step.js';
import { sweepQueueBench } from './sweep-queue.js';
import { updateBench } from './update.js';

/** Every benchmark, by name. Add one line per benchmark file. */
export const benches: Bench[] = [cnnBench, convBench, envBench, gemmBench, matmulBench, memoryBench, pixelsBench, stepBench, sweepQueueBench, updateBench];
