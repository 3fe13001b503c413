import type { Argv } from 'yargs';
import { benches } from '../../bench/registry.js';
import { DreamerError } from '../util/errors.js';
import type { CliCommand } from './command.js';

export const benchCommand: CliCommand = {
  name: 'bench',
  usage: 'bench <name>',
  describe: 'run a benchmark and print its figures (`dreamer bench list` names them)',
  builder: (y: Argv) =>
    y
      .positional('name', { type: 'string', describe: 'benchmark name, or `list`' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object as the last line' })
      .strict(false),
  async run(args) {
    const name = String(args.name);
    if (name === 'list') {
      for (const b of benches) console.log(`${b.name.padEnd(10)} ${b.describe}`);
      return 0;
    }
    const bench = benches.find((b) => b.name === name);
    if (!bench) {
      throw new DreamerError(`unknown benchmark "${name}". Known: ${benches.map((b) => b.name).join(', ') || '(none)'}.`);
    }
    await bench.run({ ...args, json: Boolean(args.json) });
    return 0;
  },
};
