import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEnvCommand } from '../../src/cli/check-env.js';
import { envsCommand } from '../../src/cli/envs.js';
import { pprintRegistry } from '../../src/env/pprint-registry.js';
import { register } from '../../src/env/registry.js';
import { spaceFromJSON, type SpaceJSON } from '../../src/env/spaces/index.js';
import { resetWarnings } from '../../src/env/warn-once.js';
import { RegistryError } from '../../src/util/errors.js';
import { GoodEnv, NanObsEnv } from './helpers/core-envs.js';

const GOLDEN_DIR = path.resolve(__dirname, '../fixtures/golden');
const CLASSIC = ['CartPole-v1', 'Pendulum-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1'];

register('CliTest/Good-v0', GoodEnv, { maxEpisodeSteps: 10 });
register('CliTest/Nan-v0', NanObsEnv);

/** Runs a command and returns what it printed with console.log. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const code = await run();
  return { code, out: lines.join('\n') };
}

afterEach(() => {
  resetWarnings();
  vi.restoreAllMocks();
});

describe('dreamer envs', () => {
  it('lists the classic envs with the spaces and limits Gymnasium 1.4 recorded (golden files)', async () => {
    const { code, out } = await capture(() => envsCommand.run({ import: [], json: true }));
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; maxEpisodeSteps: number; rewardThreshold: number | null; observationSpaceJSON: SpaceJSON; actionSpaceJSON: SpaceJSON }[];
    for (const id of CLASSIC) {
      const golden = JSON.parse(readFileSync(path.join(GOLDEN_DIR, `${id}.json`), 'utf8'));
      const row = rows.find((r) => r.id === id);
      expect(row, id).toBeDefined();
      expect(row?.maxEpisodeSteps).toBe(golden.max_episode_steps);
      expect(row?.rewardThreshold).toBe(golden.reward_threshold);
      const eq = (a: SpaceJSON, b: SpaceJSON): boolean => (spaceFromJSON(a) as unknown as { equals(o: unknown): boolean }).equals(spaceFromJSON(b));
      expect(eq(row?.observationSpaceJSON as SpaceJSON, golden.observation_space), `${id} observation space`).toBe(true);
      expect(eq(row?.actionSpaceJSON as SpaceJSON, golden.action_space), `${id} action space`).toBe(true);
    }
  });

  it('prints a table', async () => {
    const { out } = await capture(() => envsCommand.run({ import: [], json: false }));
    expect(out.split('\n')[0]).toMatch(/^id\s+observation space\s+action space\s+max steps\s+reward threshold$/);
    expect(out).toMatch(/CartPole-v1\s+Box\(\(4,\), float32\)\s+Discrete\(2\)\s+500\s+475/);
  });

  it('pprintRegistry groups ids by namespace', () => {
    const text = pprintRegistry({ print: false });
    expect(text).toContain('===== CliTest =====');
    expect(text).toMatch(/===== default =====\n.*Acrobot-v1/);
  });
});

describe('dreamer check-env', () => {
  it('exits 0 for a good env and 1 with the findings for a broken one', async () => {
    const good = await capture(() => checkEnvCommand.run({ id: 'CliTest/Good-v0', import: [], skipRenderCheck: false, json: false }));
    expect(good.code).toBe(0);
    expect(good.out).toContain('check-env CliTest/Good-v0: passed (0 errors, 0 warnings)');
    const bad = await capture(() => checkEnvCommand.run({ id: 'CliTest/Nan-v0', import: [], skipRenderCheck: true, json: true }));
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out) as { findings: { level: string; message: string }[] };
    expect(report.findings.some((f) => f.level === 'error' && f.message.includes('NaN'))).toBe(true);
  });

  it('reports a constructor that throws as an error finding (exit 1)', async () => {
    register('CliTest/Throws-v0', () => {
      throw new TypeError('no physics today');
    });
    const { code, out } = await capture(() => checkEnvCommand.run({ id: 'CliTest/Throws-v0', import: [], json: false }));
    expect(code).toBe(1);
    expect(out).toContain('ERROR   Building the env threw TypeError: no physics today');
  });

  it('checks every classic env without errors', async () => {
    for (const id of CLASSIC) {
      const { code, out } = await capture(() => checkEnvCommand.run({ id, import: [], skipRenderCheck: false, json: false }));
      expect(code, out).toBe(0);
    }
  });

  it('an unknown id is a RegistryError with a suggestion', async () => {
    await expect(checkEnvCommand.run({ id: 'CartPoel-v1', import: [] })).rejects.toThrow(RegistryError);
    await expect(checkEnvCommand.run({ id: 'CartPoel-v1', import: [] })).rejects.toThrow(/Did you mean: `CartPole-v1`/);
  });
});
