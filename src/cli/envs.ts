import type { Argv } from 'yargs';
import '../../envs/register.js';
import { makeAsync } from '../env/make.js';
import { registeredIds, registry } from '../env/registry.js';
import type { Space } from '../env/spaces/space.js';
import type { CliCommand } from './command.js';
import { describeSpace, importEnvSources } from './env-cli-support.js';

interface EnvRow {
  id: string;
  observationSpace: string;
  actionSpace: string;
  maxEpisodeSteps: number | null;
  rewardThreshold: number | null;
  observationSpaceJSON?: unknown;
  actionSpaceJSON?: unknown;
  error?: string;
}

/** Builds each env once (without the checker) to read its spaces. */
async function describeEnv(id: string): Promise<EnvRow> {
  const spec = registry.get(id);
  const row: EnvRow = {
    id,
    observationSpace: '?',
    actionSpace: '?',
    maxEpisodeSteps: spec?.maxEpisodeSteps ?? null,
    rewardThreshold: spec?.rewardThreshold ?? null,
  };
  try {
    const env = await makeAsync(id, { disableEnvChecker: true });
    row.observationSpace = describeSpace(env.observationSpace as Space<unknown>);
    row.actionSpace = describeSpace(env.actionSpace as Space<unknown>);
    row.observationSpaceJSON = env.observationSpace.toJSON();
    row.actionSpaceJSON = env.actionSpace.toJSON();
    env.close();
  } catch (e) {
    row.error = (e as Error).message;
  }
  return row;
}

function printTable(rows: EnvRow[]): void {
  const header = ['id', 'observation space', 'action space', 'max steps', 'reward threshold'];
  const cells = rows.map((r) => [r.id, r.observationSpace, r.actionSpace, String(r.maxEpisodeSteps ?? '-'), String(r.rewardThreshold ?? '-')]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  for (const [i, c] of cells.entries()) {
    console.log(line(c));
    if (rows[i].error) console.log(`  (could not build: ${rows[i].error})`);
  }
}

export const envsCommand: CliCommand = {
  name: 'envs',
  usage: 'envs',
  describe: 'list the registered envs with their spaces, episode limits and reward thresholds',
  builder: (y: Argv) =>
    y
      .option('import', { type: 'string', array: true, default: [], describe: 'a file or module to import first (it may register envs)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON array instead of a table' })
      .example('dreamer envs', 'the classic-control suite')
      .example('dreamer envs --import ./my-envs.js', 'also the ids my-envs.js registers'),
  async run(args) {
    await importEnvSources((args.import as unknown[]).map(String));
    const rows: EnvRow[] = [];
    for (const id of registeredIds()) rows.push(await describeEnv(id));
    if (args.json) console.log(JSON.stringify(rows));
    else printTable(rows);
    return 0;
  },
};
