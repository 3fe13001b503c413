import type { Argv } from 'yargs';
import '../../envs/register.js';
import { AdoptedEnv } from '../env/adopted-env.js';
import { checkEnv, type Finding } from '../env/checker.js';
import type { Env } from '../env/env.js';
import { makeAsync } from '../env/make.js';
import { DreamerError } from '../util/errors.js';
import type { CliCommand } from './command.js';
import { randomRollout, ROLLOUT_EPISODES, ROLLOUT_MAX_STEPS, ROLLOUT_SEED, type RolloutReport } from './check-env-rollout.js';
import { importEnvSources, parseKwargsOption } from './env-cli-support.js';

/** What check-env says about an env that does not extend Env (make wrapped it in AdoptedEnv). */
function adoptedNote(id: string, env: Env<unknown, unknown>): string | undefined {
  if (!(env.unwrapped instanceof AdoptedEnv)) return undefined;
  return (
    `${id} does not extend Env, so it was wrapped (AdoptedEnv) to give it unwrapped, spec and npRandom. What it loses: ` +
    'seeding through super.reset(opts): its own reset must seed its random numbers from opts.seed for runs to be reproducible.'
  );
}

function rolloutLine(r: RolloutReport): string {
  const what = `random rollout (seed ${ROLLOUT_SEED}, up to ${ROLLOUT_EPISODES} episodes or ${ROLLOUT_MAX_STEPS} steps, checked as training checks every step)`;
  return r.error ? `${what}: failed at step ${r.steps}` : `${what}: ${r.episodes} episode${r.episodes === 1 ? '' : 's'}, ${r.steps} steps, all fine`;
}

function printFindings(id: string, findings: Finding[]): void {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  for (const f of findings) console.log(`${f.level === 'error' ? 'ERROR  ' : 'WARNING'} ${f.message}`);
  const verdict = errors > 0 ? 'FAILED' : 'passed';
  console.log(`check-env ${id}: ${verdict} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`);
}

export const checkEnvCommand: CliCommand = {
  name: 'check-env',
  usage: 'check-env <id>',
  describe: "run Gymnasium's env checker on a registered id, ./file.js:Export (or .ts) or module:EnvId; exit 1 on errors",
  builder: (y: Argv) =>
    y
      .positional('id', { type: 'string', describe: 'env id, ./path/file.js:ExportName or module:EnvId-v0' })
      .option('kwargs', { type: 'string', describe: 'env constructor kwargs as a JSON object' })
      .option('import', { type: 'string', array: true, default: [], describe: 'a file or module to import first (it may register envs)' })
      .option('skip-render-check', { type: 'boolean', default: false, describe: 'do not render in each render mode' })
      .option('json', { type: 'boolean', default: false, describe: 'print the findings as one JSON object' })
      .example('dreamer check-env CartPole-v1', 'check a built-in env')
      .example('dreamer check-env ./envs/examples/point-mass.ts:PointMass', "check your own env before training on it"),
  async run(args) {
    const id = String(args.id);
    await importEnvSources((args.import as unknown[]).map(String));
    let env;
    try {
      env = await makeAsync(id, { ...parseKwargsOption(args.kwargs), disableEnvChecker: true });
    } catch (e) {
      if (e instanceof DreamerError) throw e; // unknown id, bad file, bad kwargs: a usage error (exit 2)
      const finding: Finding = { level: 'error', message: `Building the env threw ${(e as Error).name}: ${(e as Error).message}; the constructor must not throw for valid kwargs.` };
      if (args.json) console.log(JSON.stringify({ id, findings: [finding] }));
      else printFindings(id, [finding]);
      return 1;
    }
    const note = adoptedNote(id, env);
    // Gymnasium checks the raw env: wrappers can hide problems.
    const findings = checkEnv(env.unwrapped, { skipRenderCheck: Boolean(args.skipRenderCheck) });
    // Then what training does: many steps, each through the same guard. A fresh env, so step counts start at 0.
    const rolloutEnv = await makeAsync(id, { ...parseKwargsOption(args.kwargs), disableEnvChecker: true });
    const rollout = randomRollout(rolloutEnv);
    rolloutEnv.close();
    if (rollout.error) findings.push({ level: 'error', message: rollout.error });
    if (args.json) {
      console.log(JSON.stringify({ id, findings, rollout, ...(note ? { note } : {}) }));
    } else {
      if (note) console.log(`NOTE    ${note}`);
      console.log(rolloutLine(rollout));
      printFindings(id, findings);
    }
    return findings.some((f) => f.level === 'error') ? 1 : 0;
  },
};
