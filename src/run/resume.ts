import { legacyExplorerParts, type AgentParts } from '../../agents/index.js';
import type { Config } from '../config/index.js';
import type { MetricMeans } from '../log/index.js';
import { exportReplay, importReplay, type ReplayExport } from '../replay/index.js';
import { CheckpointError } from '../util/errors.js';
import { saveCheckpoint, type CheckpointParts, type LoadedCheckpoint } from './checkpoint.js';
import type { DriverState } from './driver.js';
import { captureEnvs, envsRestorable, restoreEnvs, type SubEnvState } from './run-state.js';
import type { RunParts } from './setup.js';
import { loadAgentFrom, trainedOn, type TrainedOn } from './trained-on.js';

/** The training loop's counters: all a resumed loop needs besides the parts' own state. */
export interface LoopCounters {
  steps: number;
  updates: number;
  nextEval: number;
  nextCheckpoint: number;
  lastLogStep: number;
  /** [env step, eval mean return] after each evaluation */
  evals: [number, number][];
  /** non-finite updates in a row, and skipped in all */
  nonfiniteInRow: number;
  skippedUpdates: number;
}

/** `run.json` of a checkpoint. */
interface RunJson {
  counters: LoopCounters;
  /**
   * Episode-aligned: taken at an episode start of every sub-env with all env internals saved, so resume continues
   * exactly; otherwise resume starts a new episode in every sub-env.
   */
  exact: boolean;
  driver: DriverState;
  envs: SubEnvState[] | null;
  /** Checkpoints before the agent contract only: the prefill generator (now the explorer's own part). */
  explore?: unknown;
  means: ReturnType<MetricMeans['getState']>;
  /** the env the agent learns on (absent in checkpoints before the agent contract) */
  trainedOn?: TrainedOn;
}

const RUN_JSON = 'run';
/** The run's resolved config, as the checkpoint was trained with it. */
export const CONFIG_JSON = 'config';
const REPLAY_JSON = 'replay_meta';
const REPLAY_ARRAYS = 'replay';

/**
 * Whether a due checkpoint is written now. At a moment that restores exactly (every sub-env at an episode start,
 * env internals saved: RunJson.exact) it is. Envs that cannot restore exactly (no `state` accessor, or sub-envs in
 * worker threads) never reach such a moment, so theirs is written when due, marked not episode-aligned. Envs
 * that can wait for one, at most a full period (`late` >= `period`: sub-envs whose episodes never end together).
 */
export function checkpointNow(parts: RunParts, late: number, period: number): boolean {
  const restorable = envsRestorable(captureEnvs(parts.driver.venv));
  return !restorable || parts.driver.allFirst || late >= period;
}

/** How a run continued from a checkpoint, for its first console line. */
export function resumeLine(checkpoint: LoadedCheckpoint, exact: boolean): string {
  const how = exact
    ? 'episode-aligned, so the run continues exactly as if never stopped'
    : 'taken mid-episode (or its envs have no `state` accessor), so every sub-env starts a new episode';
  return `resumed from ${checkpoint.path} (env step ${checkpoint.step}): ${how}`;
}

/** Writes a checkpoint of the whole run at `counters.steps`; returns its path. */
export function writeRunCheckpoint(logdir: string, cfg: Config, parts: RunParts, counters: LoopCounters, means: MetricMeans): string {
  const envs = captureEnvs(parts.driver.venv);
  const run: RunJson = {
    counters: { ...counters, evals: counters.evals.map((e) => [...e] as [number, number]) },
    exact: parts.driver.allFirst && envsRestorable(envs),
    driver: parts.driver.getState(),
    envs: envs ?? null,
    means: means.getState(),
    trainedOn: trainedOn(cfg.env.id, parts.adapter),
  };
  const ckpt: CheckpointParts = { tensors: {}, json: { [RUN_JSON]: run, [CONFIG_JSON]: cfg }, arrays: {} };
  // The random baseline is the explorer itself: its part is written once.
  for (const agent of new Set([parts.explorer, parts.agent])) addAgentParts(ckpt, agent.save());
  if (cfg.replay.save_in_checkpoint) {
    const replay = exportReplay(parts.replay);
    ckpt.json[REPLAY_JSON] = replay.meta;
    ckpt.arrays[REPLAY_ARRAYS] = replay.arrays;
  }
  return saveCheckpoint(logdir, counters.steps, ckpt, { keep: cfg.run.keep_checkpoints });
}

/**
 * Restores a run from its checkpoint into freshly built parts (after `driver.reset`): agent, explorer, replay,
 * envs, driver rows and the pending metric means. Returns the loop's counters and whether it continues exactly.
 */
export function restoreRun(checkpoint: LoadedCheckpoint, envId: string, parts: RunParts, means: MetricMeans): { counters: LoopCounters; checkpoint: LoadedCheckpoint; exact: boolean } {
  const run = checkpoint.json[RUN_JSON] as RunJson | undefined;
  if (!run) throw new CheckpointError(`${checkpoint.path} has no ${RUN_JSON}.json: it was not written by \`dreamer train\`, so it cannot be resumed.`);
  parts.explorer.load(run.explore === undefined ? checkpoint : legacyExplorerParts(run.explore), 'training', checkpoint.path);
  if (parts.agent !== parts.explorer) loadAgentFrom(parts.agent, checkpoint, 'training', trainedOn(envId, parts.adapter));
  const replayArrays = checkpoint.arrays[REPLAY_ARRAYS];
  const replayMeta = checkpoint.json[REPLAY_JSON] as ReplayExport['meta'] | undefined;
  if (replayArrays && replayMeta) importReplay(parts.replay, { meta: replayMeta, arrays: replayArrays });
  restoreEnvs(parts.driver.venv, run.envs ?? undefined, run.exact);
  // Only an exact moment restores the driver's rows; otherwise every sub-env starts a fresh episode.
  if (run.exact) parts.driver.setState(run.driver, parts.agent);
  means.setState(run.means);
  return { counters: run.counters, checkpoint, exact: run.exact };
}

/** Adds an agent's files to a checkpoint; a stem already taken (by the run or another agent) is a bug. */
function addAgentParts(ckpt: CheckpointParts, agent: AgentParts): void {
  for (const [kind, files] of [['tensors', agent.tensors], ['json', agent.json]] as const) {
    for (const [stem, value] of Object.entries(files)) {
      if (stem in ckpt.tensors || stem in ckpt.json || stem in ckpt.arrays) throw new CheckpointError(`checkpoint part "${stem}" is written twice: give the agent's part another name.`);
      (ckpt[kind] as Record<string, unknown>)[stem] = value;
    }
  }
}
