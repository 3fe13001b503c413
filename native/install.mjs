#!/usr/bin/env node
// Builds the native addon (native/: our own GEMM plus the fused kernels' C loops) during `npm ci`, and is
// `npm run build:native`. Offline: node-gyp comes from npm itself (or node_modules) and Node's headers from the
// local install (--nodedir), never from the network. Any failure (no compiler, no headers, no python for gyp)
// leaves the wasm path, records why in native/build/install-status.json (the first line of every run prints it)
// and exits 0, so `npm ci` never fails because of it.
//
//   node native/install.mjs [--verbose] [extra node-gyp arguments, e.g. -Dblas=openblas]
//   npm run build:native -- -Dblas=openblas
//   DREAMER_SKIP_NATIVE=1 npm ci     skips the build (the runs then say so)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NATIVE = dirname(fileURLToPath(import.meta.url));
const BUILD = join(NATIVE, 'build');
const STATUS_FILE = join(BUILD, 'install-status.json');
const ADDON = join(BUILD, 'Release', 'dreamer_blas.node');
const LOG_FILE = join(BUILD, 'install.log');
/** A build takes ~5–15 s; past this something is wrong (a hung compiler): give up and stay on wasm. */
const TIMEOUT_MS = 5 * 60_000;

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const extra = args.filter((a) => a !== '--verbose' && a !== '--');

function finish(status) {
  mkdirSync(BUILD, { recursive: true });
  // cpu: -march=native code may not run on another CPU (a node_modules copied between machines); the loader checks it.
  const record = { ...status, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString() };
  writeFileSync(STATUS_FILE, `${JSON.stringify(record, null, 2)}\n`);
  const seconds = status.seconds === undefined ? '' : ` in ${status.seconds} s`;
  console.log(status.built ? `dreamer-ts: native addon built${seconds} (${status.gemm})`
    : `dreamer-ts: native addon not built (${status.reason}); runs use wasm. See docs/backends.md.`);
  process.exit(0);
}

/** node-gyp's entry script: npm's own copy (npm sets npm_config_node_gyp for scripts), else one in node_modules. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch { /* not in node_modules */ }
  // npm next to this node binary (e.g. /usr/lib/node_modules/npm or <prefix>/lib/node_modules/npm)
  const prefix = dirname(dirname(process.execPath));
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((file) => file && existsSync(file));
}

/** A folder whose include/node holds this Node's headers (node-gyp's --nodedir), so nothing is downloaded. */
function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, dirname(dirname(process.execPath)), '/usr', '/usr/local'];
  return candidates.find((dir) => dir && existsSync(join(dir, 'include', 'node', 'node_api.h'))
    && existsSync(join(dir, 'include', 'node', 'common.gypi')));
}

function hasCompiler() {
  const cxx = process.env.CXX || 'c++';
  return spawnSync(cxx, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync('g++', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs node-gyp; returns the first error line of its output, or undefined when it built. */
function nodeGyp(nodeGypJs, nodeDir, gypArgs) {
  const gyp = gypArgs.length > 0 ? ['--', ...gypArgs] : []; // -D variables go to gyp after node-gyp's own flags
  const run = spawnSync(process.execPath, [nodeGypJs, 'rebuild', `--nodedir=${nodeDir}`, `--jobs=${Math.min(os.cpus().length, 3)}`, ...gyp], {
    cwd: NATIVE, encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, npm_config_nodedir: nodeDir },
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  mkdirSync(BUILD, { recursive: true });
  writeFileSync(LOG_FILE, output);
  if (verbose) process.stdout.write(output);
  if (run.status === 0 && existsSync(ADDON)) return undefined;
  if (run.error) return run.error.message;
  const firstError = output.split('\n').find((line) => /error|not found|No such file/i.test(line) && !/^gyp info/.test(line));
  return (firstError ?? `node-gyp exited with ${run.status}`).trim().slice(0, 200);
}

if (process.env.DREAMER_SKIP_NATIVE) finish({ built: false, reason: 'skipped: DREAMER_SKIP_NATIVE is set' });
if (!existsSync(join(NATIVE, 'binding.gyp'))) process.exit(0); // an installed package without native/: nothing to do
const nodeGypJs = findNodeGyp();
if (!nodeGypJs) finish({ built: false, reason: 'node-gyp not found (it comes with npm)' });
const nodeDir = findNodeDir();
if (!nodeDir) finish({ built: false, reason: `Node's C headers (include/node/node_api.h) not found next to ${process.execPath}` });
if (!hasCompiler()) finish({ built: false, reason: 'no C++ compiler (install g++ or clang, then `npm run build:native`)' });

const started = Date.now();
// -march=native first (AVX2 / AVX-512 where this CPU has them); a compiler that rejects it gets the portable build.
let error = nodeGyp(nodeGypJs, nodeDir, extra);
if (error && !extra.some((a) => a.startsWith('-Darch='))) error = nodeGyp(nodeGypJs, nodeDir, [...extra, '-Darch=portable']) && error;
const seconds = Math.round((Date.now() - started) / 100) / 10;
if (error) finish({ built: false, reason: `build failed: ${error} (log: native/build/install.log)`, seconds });
let gemm = 'unknown';
try {
  gemm = createRequire(import.meta.url)(ADDON).info();
} catch (e) {
  finish({ built: false, reason: `built but does not load: ${String(e.message ?? e).split('\n')[0]}`, seconds });
}
finish({ built: true, gemm, seconds });
