import { minText } from './check_value.js';
import type { Schema, SchemaEntry } from './schema.js';

/**
 * docs/configs.md, rendered from the schema (so the reference never drifts from configs/defaults.yaml):
 * a table per section with each key's type, default, allowed values and meaning.
 * Regenerate with `npx tsx src/config/write-reference.ts`.
 */
export function renderConfigReference(schema: Schema): string {
  const sections = new Map<string, SchemaEntry[]>();
  for (const entry of schema.entries.values()) {
    const section = entry.key.includes('.') ? `\`${entry.key.slice(0, entry.key.lastIndexOf('.'))}\`` : 'Top level';
    sections.set(section, [...(sections.get(section) ?? []), entry]);
  }
  const parts = [HEADER];
  for (const [section, entries] of sections) {
    parts.push(`## ${section}\n`, '| key | type | default | allowed | meaning |', '|---|---|---|---|---|');
    for (const e of entries) parts.push(`| \`${e.key}\` | ${e.type}${e.nullable ? ' or null' : ''} | \`${JSON.stringify(e.default)}\` | ${allowed(e)} | ${escapeCell(e.doc)} |`);
    parts.push('');
  }
  return parts.join('\n');
}

const HEADER = `# Config reference

Every key of dreamer-ts's config, generated from [configs/defaults.yaml](../configs/defaults.yaml) (defaults and
meanings) and src/config/schema.ts (types and limits). A run starts from the defaults, applies the presets named
with \`--config\` (a preset may stack on others with \`base: <preset>\`), then the \`key=value\` overrides
(\`dreamer train run.steps=20000 env.id=Pendulum-v1\`); the result is validated before anything runs and saved as
\`config.yaml\` in the run folder.

**Steps** count env steps as DreamerV3 counts them: the env's control steps, summed over sub-envs. \`run.steps\`,
\`run.prefill\`, \`run.eval_every\`, \`run.log_every\`, \`run.checkpoint_every\`, \`run.gc_every\` and the \`step\` of
every metric record use them; with \`env.action_repeat\` = 2 each agent step (one action, one replay entry) advances
them by 2 × \`env.num_envs\`. \`run.train_ratio\` counts replayed steps per agent step (what the replay holds), so
at repeat 2 a run takes half the updates per env step that it takes at repeat 1; \`train/ratio\` in the metrics
is measured the same way. Episode lengths (\`episode/length\`, \`eval/length_mean\`) and \`replay.capacity\` count
agent steps.
`;

function allowed(e: SchemaEntry): string {
  const rules: string[] = [];
  if (e.enum) rules.push(e.enum.map((v) => `\`${v}\``).join(', '));
  if (e.items?.enum) rules.push(`each of ${e.items.enum.map((v) => `\`${v}\``).join(', ')}`);
  if (e.min !== undefined) rules.push(minText(e.min));
  if (e.max !== undefined) rules.push(`<= ${e.max}`);
  if (e.type === 'map') rules.push('any keys');
  return rules.join('; ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
