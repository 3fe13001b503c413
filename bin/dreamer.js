#!/usr/bin/env node
// The `dreamer` command. The CLI is written in TypeScript and compiled to dist/ by `npm ci` (prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('dreamer: the compiled CLI is missing (dist/src/cli/main.js). Run `npm run build` (or `npm ci`) first.');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));
