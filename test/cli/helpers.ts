import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { PointMass } from '../../envs/examples/point-mass.js';
import { main } from '../../src/cli/main.js';
import { register, registeredIds } from '../../src/env/registry.js';
import type { EnvClass } from '../../src/env/spec.js';
import { loadConfig, saveResolvedConfig } from '../../src/config/index.js';
import { saveCheckpoint } from '../../src/run/checkpoint.js';

/** Registered here rather than loaded by file path: vitest would load the file as a second module instance. */
export const POINT_MASS_ID = 'PointMassCliTest-v0';
if (!registeredIds().includes(POINT_MASS_ID)) register(POINT_MASS_ID, PointMass as unknown as EnvClass, { maxEpisodeSteps: 100 });

/** Runs `dreamer ...args` in-process; returns the exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    process.exitCode = 0;
    await main(args);
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    process.exitCode = 0;
    log.mockRestore();
    error.mockRestore();
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A run folder whose config uses the random baseline on PointMass, with one (weightless) checkpoint. */
export function randomAgentRun(overrides: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
  const cfg = loadConfig({ overrides: [`env.id=${POINT_MASS_ID}`, 'agent.kind=random', 'backend=cpu', ...overrides] });
  saveResolvedConfig(dir, cfg);
  saveCheckpoint(dir, 1000, { tensors: {}, json: { meta: { step: 1000 } }, arrays: {} });
  return dir;
}
