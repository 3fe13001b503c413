// Writes docs/configs.md from the schema: `npx tsx src/config/write-reference.ts`.
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { configsDir } from './paths.js';
import { renderConfigReference } from './reference.js';
import { getSchema } from './schema.js';

const path = join(configsDir(), '..', 'docs', 'configs.md');
writeFileAtomic(path, renderConfigReference(getSchema()));
console.log(`wrote ${path}`);
