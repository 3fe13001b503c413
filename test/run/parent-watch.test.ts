import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARENT_PID_ENV, watchParent } from '../../src/run/parent-watch.js';

describe('a trial watching its parent', () => {
  it('stops (SIGTERM to itself) once its parent is gone, and hides the variable from its own children', async () => {
    // parent: a node process that starts the watching child, prints its pid and exits at once
    const child = resolve(import.meta.dirname, '../../src/run/parent-watch.ts');
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['--import', 'tsx', '-e', \`
        const { watchParent } = await import(${JSON.stringify(child)});
        watchParent();
        process.on('SIGTERM', () => { console.log('stopping, variable ' + (process.env.${PARENT_PID_ENV} ?? 'gone')); process.exit(143); });
        console.log('watching');
        setInterval(() => {}, 1000);
      \`], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ${PARENT_PID_ENV}: String(process.pid) } });
      setTimeout(() => process.exit(0), 3000);
    `;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: string[] = [];
    parent.stdout!.on('data', (b: Buffer) => out.push(b.toString()));
    // the grandchild keeps the pipe open until it has stopped
    await new Promise((r) => parent.stdout!.on('close', r));
    expect(out.join('')).toMatch(/watching\n[\s\S]*stopping, variable gone/);
  }, 20_000);

  it('does nothing without the variable', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(() => watchParent(env)).not.toThrow();
  });
});
