import { describe, expect, it } from 'vitest';
import { DMC_EPISODE_STEPS, DMC_TASKS } from '../../envs/dmc/register.js';
import { runCli } from './helpers.js';

interface Row {
  id: string;
  observationSpace: string;
  actionSpace: string;
  maxEpisodeSteps: number | null;
  error?: string;
}

describe('the CLI on the DeepMind Control Suite', () => {
  it('`dreamer envs` lists every DMC id with its Dict observation, Box action and 1000-step limit', async () => {
    const r = await runCli(['envs', '--json']);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.out.join('\n')) as Row[]).filter((row) => row.id.startsWith('dm_control/'));
    expect(rows.map((row) => row.id).sort()).toEqual(DMC_TASKS.map((t) => t.id).sort());
    for (const row of rows) {
      expect(row.error).toBeUndefined();
      expect(row.maxEpisodeSteps).toBe(DMC_EPISODE_STEPS);
      expect(row.observationSpace).toMatch(/^Dict\('\w+': Box\(-inf, inf, \(\d+,\), float64\)/);
      expect(row.actionSpace).toMatch(/^Box\(-1\.0, 1\.0, \(\d\,\), float64\)$/);
    }
    expect(rows.find((row) => row.id === 'dm_control/walker-walk-v0')!.observationSpace).toBe(
      "Dict('orientations': Box(-inf, inf, (14,), float64), 'height': Box(-inf, inf, (1,), float64), 'velocity': Box(-inf, inf, (9,), float64))",
    );
  }, 60_000);

  it('`dreamer check-env` passes on every DMC id: no errors, only the unbounded-entry warnings, a clean rollout', async () => {
    for (const { id } of DMC_TASKS) {
      const r = await runCli(['check-env', id, '--json', '--skip-render-check']);
      const report = JSON.parse(r.out.join('\n')) as { findings: { level: string; message: string }[]; rollout: { steps: number; error?: string } };
      expect({ id, code: r.code, errors: report.findings.filter((f) => f.level === 'error') }).toEqual({ id, code: 0, errors: [] });
      for (const f of report.findings) expect(f.message).toMatch(/inf|unbounded|bound/i);
      expect(report.rollout.error).toBeUndefined();
      expect(report.rollout.steps).toBe(1000);
    }
  }, 240_000);
});
