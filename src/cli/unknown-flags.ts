import { closestMatches } from '../env/did-you-mean.js';
import { DreamerError } from '../util/errors.js';

/** yargs' strict-mode message (the CLI pins yargs to English so this stays stable). */
const UNKNOWN_RE = /^Unknown arguments?: (.+)$/;

/** What the CLI knows when yargs fails: the matched command (if any) with its option names, and all commands. */
export interface FlagContext {
  command: string | undefined;
  /** the command's option names as yargs lists them (kebab and camelCase forms, aliases) */
  flags: readonly string[];
  commands: readonly string[];
}

/**
 * The usage error for yargs' "Unknown argument(s): ..." message: each unknown flag with the closest flag the
 * command knows ("did you mean --episodes?"); undefined for any other yargs message. `argv` is what the user typed.
 */
export function unknownFlagsError(msg: string, ctx: FlagContext, argv: readonly string[]): DreamerError | undefined {
  const match = UNKNOWN_RE.exec(msg);
  if (!match) return undefined;
  const names = match[1]!.split(', ');
  // yargs lists `--skip-it` twice (skip-it, skipIt): keep the form the user typed.
  const typed = names.filter((n) => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}` || a === n));
  const problems = (typed.length > 0 ? typed : names).map((n) => describeUnknown(n, ctx, argv));
  const help = ctx.command ? `Run \`dreamer ${ctx.command} --help\` for its flags.` : 'Run `dreamer --help` for the commands.';
  const text = problems.join('; ');
  return new DreamerError(`${text}${text.endsWith('?') ? '' : '.'} ${help}`);
}

function describeUnknown(name: string, ctx: FlagContext, argv: readonly string[]): string {
  if (argv.includes(name)) {
    if (ctx.command === undefined) {
      const [guess] = closestMatches(name, ctx.commands);
      return `unknown command "${name}"${guess ? `: did you mean ${guess}?` : ''}`;
    }
    return `unexpected argument "${name}"`;
  }
  const known = ctx.flags;
  const dashes = name.length === 1 ? '-' : '--';
  const flagNames = known.filter((k) => k.length > 1 && !/[A-Z]/.test(k));
  const [guess] = closestMatches(name, flagNames);
  return `unknown flag ${dashes}${name}${guess ? `: did you mean --${guess}?` : ''}`;
}
