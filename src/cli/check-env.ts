import type { Argv } from 'yargs';
import '../../envs/register.js';
import { checkEnv, type Finding } from '../env/checker.js';
import { makeAsync } from '../env/make.js';
import { DreamerError } from '../util/errors.js';
import type { CliCommand } from './command.js';
import { importEnvSources, parseKwargsOption } from './env-cli-support.js';

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
      .example('dreamer check-env ./envs/examples/my-env.ts:MyEnv', "check your own env before training on it"),
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
    // Gymnasium checks the raw env: wrappers can hide problems.
    const findings = checkEnv(env.unwrapped, { skipRenderCheck: Boolean(args.skipRenderCheck) });
    if (args.json) console.log(JSON.stringify({ id, findings }));
    else printFindings(id, findings);
    return findings.some((f) => f.level === 'error') ? 1 : 0;
  },
};
