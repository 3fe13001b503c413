import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { checkJobs, runBattery, selectTasks } from '../bsuite/runner.js';
import type { RunFailure } from '../bsuite/parallel.js';
import { BSUITE_TASKS } from '../bsuite/tasks.js';
import { SIGNAL_EXIT_CODES } from '../run/train.js';
import { checkWritableLogdir } from './logdir.js';
import type { CliCommand } from './command.js';

const DEFAULT_OUT = 'runs/bsuite';

export const bsuiteCommand: CliCommand = {
  name: 'bsuite',
  usage: 'bsuite [overrides..]',
  describe: 'the behaviour-suite battery with the default config: one run per task x seed, then a report card (report.md/.csv/.png)',
  builder: (y: Argv) =>
    y
      .positional('overrides', { type: 'string', array: true, describe: 'dotted key=value overrides for every run, e.g. agent.kind=random' })
      .option('steps', { type: 'number', describe: "env steps per run (default: each task's budget, see docs/bsuite.md)" })
      .option('seeds', { type: 'number', default: 1, describe: 'seeds per task (run.seed 0, 1, ...)' })
      .option('tasks', { type: 'string', describe: `comma-separated task names (default: all of ${BSUITE_TASKS.map((t) => t.name).join(', ')})` })
      .option('jobs', {
        type: 'string',
        describe: `runs at once (default: the cores, ${availableParallelism()}; at most the runs left): 1 trains them one after another in this process, N > 1 in N \`dreamer train\` children with DREAMER_THREADS=1`,
      })
      .option('out', { type: 'string', default: DEFAULT_OUT, describe: 'folder of the run folders (<task>/seed<k>) and the report; run again to resume' })
      .example('dreamer bsuite --seeds 3', 'the full battery, three seeds, into runs/bsuite, a run per core at a time')
      .example('dreamer bsuite --seeds 3 --jobs 1', 'the same, one run after another in this process')
      .example('dreamer bsuite --tasks catch,bandit --steps 2000 --out runs/bs-quick', 'two tasks on a small budget')
      .example('dreamer bsuite --out runs/bs-random agent.kind=random', "the random agent's report card"),
  async run(args) {
    const out = String(args.out);
    const tasks = args.tasks === undefined ? undefined : String(args.tasks).split(',').map((s) => s.trim()).filter((s) => s !== '');
    selectTasks(tasks); // an unknown task name fails before anything is written
    const jobs = args.jobs === undefined ? availableParallelism() : checkJobs(String(args.jobs));
    checkWritableLogdir(out);
    const overrides = ((args.overrides as unknown[] | undefined) ?? []).map(String);
    const result = await runBattery({
      out,
      tasks,
      seeds: Number(args.seeds),
      steps: args.steps === undefined ? undefined : Number(args.steps),
      overrides,
      jobs,
      say: (line) => console.log(`dreamer bsuite: ${line}`),
    });
    for (const failure of result.failed) console.error(`dreamer bsuite: ${failureLine(failure)}`);
    if (result.interrupted) {
      console.log(`stopped; run the same command again to continue (finished runs are skipped)`);
      return SIGNAL_EXIT_CODES[result.signal ?? 'SIGINT'];
    }
    for (const r of result.capabilities) console.log(`${r.capability}: ${r.score.toFixed(3)} (threshold ${r.threshold}) ${r.pass ? 'pass' : 'fail'}`);
    for (const file of result.files) console.log(`wrote ${file}`);
    if (result.failed.length > 0) {
      console.error(
        `dreamer bsuite: ${result.failed.length} run(s) failed and are not in the report card${result.files.length === 0 ? ' (no run finished: no report written)' : ''}; ` +
          'fix the cause and run the same command again (finished runs are skipped, checkpointed ones continue)',
      );
      return 1;
    }
    return 0;
  },
};

/** `catch/seed0 failed (exit code 2, output in runs/bsuite/catch/seed0/train.log): dreamer: ...` */
function failureLine(f: RunFailure): string {
  const how = f.code !== null ? `exit code ${f.code}` : f.signal !== null ? `killed by ${f.signal}` : 'not started';
  return `${f.label} failed (${how}${f.log ? `, output in ${f.log}` : ''}): ${f.reason}`;
}
