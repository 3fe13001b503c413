import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { ConfigError } from '../util/errors.js';

export const TRIALS_FILE = 'trials.jsonl';

export type TrialStatus = 'pending' | 'running' | 'done' | 'failed';

/** The latest state of one trial: one line of trials.jsonl. */
export interface TrialState {
  id: string;
  point_id: string;
  overrides: Record<string, unknown>;
  seed: number;
  status: TrialStatus;
  /** runs started so far (the first and the retries) */
  attempts: number;
  /** the pool slot (local) or worker name (queue) of the last attempt; null before the first */
  worker: string | null;
  /** the process of the running attempt on the sweep's machine (local pool), else null */
  pid: number | null;
  /** eval/return_mean of the last and of the best evaluation; null before the first */
  final_return: number | null;
  best_return: number | null;
  /** seconds of all attempts together */
  wall_clock_s: number;
  /** the exit code of the last attempt, and why it failed (failed trials) */
  exit_code: number | null;
  error: string | null;
}

/**
 * trials.jsonl holds the latest state of every trial, one JSON line each, in the sweep's order. It is rewritten
 * whole (atomically: temp file, fsync, rename) on each change, so a killed sweep leaves the old or the new file.
 */
export class TrialBook {
  protected readonly states = new Map<string, TrialState>();

  constructor(readonly dir: string) {}

  /** The states a previous run of this sweep left in `dir` (none for a new folder). */
  static open(dir: string): TrialBook {
    const book = new TrialBook(dir);
    book.read();
    return book;
  }

  /** (Re)reads trials.jsonl into this book. */
  protected read(): void {
    const path = join(this.dir, TRIALS_FILE);
    this.states.clear();
    if (!existsSync(path)) return;
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const s = JSON.parse(line) as TrialState;
        this.states.set(s.id, s);
      } catch {
        throw new ConfigError(`${path} line ${i + 1} is not JSON: this folder's trial record is damaged. Fix or delete that line (the trial then runs again).`);
      }
    });
  }

  get(id: string): TrialState | undefined {
    return this.states.get(id);
  }

  all(): TrialState[] {
    return [...this.states.values()];
  }

  /** Sets a trial's state (merging `change` into it) and writes the file. */
  update(id: string, change: Partial<TrialState> & (TrialState | { id: string })): TrialState {
    const before = this.states.get(id);
    if (!before && !('status' in change && 'overrides' in change)) {
      // Unreachable from input: the sweep stages every trial before a runner reports on it.
      throw new Error(`TrialBook.update: trial ${id} was never added`);
    }
    const next = { ...before, ...change } as TrialState;
    this.states.set(id, next);
    this.write();
    return next;
  }

  /** Sets a trial's whole state without writing the file (many at once, then one `write()`). */
  stage(state: TrialState): void {
    this.states.set(state.id, state);
  }

  /** Keeps only these ids, in this order (a trial the sweep no longer has is dropped from the record). */
  order(ids: readonly string[]): void {
    const kept = new Map<string, TrialState>();
    for (const id of ids) {
      const s = this.states.get(id);
      if (s) kept.set(id, s);
    }
    this.states.clear();
    for (const [id, s] of kept) this.states.set(id, s);
  }

  write(): void {
    writeFileAtomic(join(this.dir, TRIALS_FILE), this.all().map((s) => `${JSON.stringify(s)}\n`).join(''));
  }
}

/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 30_000;
const LOCK_POLL_MS = 20;

/**
 * A TrialBook that many processes change at once (the tasks of a Slurm job array, on several nodes of a shared
 * file system): each update takes a lock folder (mkdir is atomic, on NFS too), re-reads the file, changes its one
 * trial and writes the file, so no task's change is lost.
 */
export class SharedTrialBook extends TrialBook {
  static override open(dir: string): SharedTrialBook {
    const book = new SharedTrialBook(dir);
    book.read();
    return book;
  }

  override update(id: string, change: Partial<TrialState> & (TrialState | { id: string })): TrialState {
    const lock = join(this.dir, '.trials.lock');
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        try {
          if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
        } catch {
          // released meanwhile
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_POLL_MS);
      }
    }
    try {
      this.read();
      return super.update(id, change);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
