import { join } from 'node:path';
import { legacyExplorerParts, type Agent, type AgentParts } from '../../agents/index.js';
import type { Config } from '../config/index.js';
import type { MetricMeans } from '../log/index.js';
import { exportReplay, importReplay, type ReplayExport } from '../replay/index.js';
import { CheckpointError } from '../util/errors.js';
import { saveCheckpoint, type CheckpointParts, type LoadedCheckpoint } from './checkpoint.js';
import type { DriverState } from './driver.js';
import { captureEnvs, envsRestorable, restoreEnvs, restoreEpisodes, type SubEnvState } from './run-state.js';
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

/** Which policy acted when the checkpoint was taken, and whether its carry is in carry.safetensors. */
interface CarryJson {
  acting: 'explorer' | 'agent';
  saved: boolean;
}

/** Why a resume from a checkpoint that is not exact starts new episodes (RunJson.restart). */
type RestartReason = 'envs' | 'carry';

/** `run.json` of a checkpoint. */
interface RunJson {
  counters: LoopCounters;
  /**
   * Resume continues exactly: every sub-env's episode in flight was saved (env state and generator, wrappers'
   * counters, the driver's rows, the acting policy's carry), or, in checkpoints before mid-episode resume, every
   * sub-env was at an episode start. Otherwise resume starts a new episode in every sub-env.
   */
  exact: boolean;
  /** Why not exact (absent in exact checkpoints and in those before mid-episode resume). */
  restart?: RestartReason;
  /** Absent in checkpoints before mid-episode resume (their exact ones are episode-aligned). */
  carry?: CarryJson;
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
/** The acting policy's carry (`Policy.saveCarry`): carry.safetensors. */
export const CARRY_STEM = 'carry';

/** Whether the acting policy's carry can go into a checkpoint now (there is none, or the policy can save it). */
function carrySavable(parts: RunParts, acting: Agent): boolean {
  return parts.driver.carry === undefined || typeof acting.saveCarry === 'function';
}

/**
 * Why a checkpoint taken now would not resume exactly, or undefined when it would: at any step when the envs are
 * restorable (every sub-env in this process with a `state` accessor) and the acting policy's carry can be saved;
 * at an episode start of every sub-env when only the envs are.
 */
function restartReason(parts: RunParts, acting: Agent, envs: SubEnvState[] | undefined): RestartReason | undefined {
  if (!envsRestorable(envs)) return 'envs';
  return parts.driver.allFirst || carrySavable(parts, acting) ? undefined : 'carry';
}

/**
 * Whether a due checkpoint is written now. At a moment that restores exactly (RunJson.exact) it is: for
 * restorable envs and a policy that saves its carry, that is every step. Envs that cannot restore exactly (no
 * `state` accessor, or sub-envs in worker threads) never reach such a moment, so theirs is written when due. A
 * policy that cannot save its carry waits for an episode start of every sub-env, at most a full period (`late` >=
 * `period`: sub-envs whose episodes never end together).
 */
export function checkpointNow(parts: RunParts, acting: Agent, late: number, period: number): boolean {
  return restartReason(parts, acting, captureEnvs(parts.driver.venv)) !== 'carry' || late >= period;
}

/** What a restored run does, for its first console line. */
export interface ResumeHow {
  exact: boolean;
  /** the checkpoint's sub-envs were all at an episode start */
  aligned: boolean;
  restart?: RestartReason;
  /** written before checkpoints saved the carry (no `carry` entry) */
  legacy: boolean;
}

/** How a run continued from a checkpoint, for its first console line. */
export function resumeLine(checkpoint: LoadedCheckpoint, how: ResumeHow): string {
  const text = how.exact
    ? how.aligned
      ? 'episode-aligned, so the run continues exactly as if never stopped'
      : "taken mid-episode with every episode in flight saved (envs, wrappers' counters, the agent's carried state), so the run continues exactly as if never stopped"
    : how.legacy
      ? "written before checkpoints saved the agent's carried state and taken mid-episode (or its envs have no `state` accessor), so every sub-env starts a new episode"
      : how.restart === 'carry'
        ? 'taken mid-episode, and the agent cannot save its carried state (no `saveCarry`), so every sub-env starts a new episode'
        : 'its envs cannot be restored mid-episode (no `state` accessor, or sub-envs in worker threads), so every sub-env starts a new episode';
  return `resumed from ${checkpoint.path} (env step ${checkpoint.step}): ${text}`;
}

/** Writes a checkpoint of the whole run at `counters.steps` (`acting`: the policy stepping the envs); returns its path. */
export function writeRunCheckpoint(logdir: string, cfg: Config, parts: RunParts, acting: Agent, counters: LoopCounters, means: MetricMeans): string {
  const envs = captureEnvs(parts.driver.venv);
  const restart = restartReason(parts, acting, envs);
  const carry = parts.driver.carry;
  const saveCarry = restart === undefined && carry !== undefined && typeof acting.saveCarry === 'function';
  const run: RunJson = {
    counters: { ...counters, evals: counters.evals.map((e) => [...e] as [number, number]) },
    exact: restart === undefined,
    ...(restart && { restart }),
    carry: { acting: acting === parts.agent ? 'agent' : 'explorer', saved: saveCarry },
    driver: parts.driver.getState(),
    envs: envs ?? null,
    means: means.getState(),
    trainedOn: trainedOn(cfg.env.id, parts.adapter),
  };
  const ckpt: CheckpointParts = { tensors: {}, json: { [RUN_JSON]: run, [CONFIG_JSON]: cfg }, arrays: {} };
  if (saveCarry) ckpt.tensors[CARRY_STEM] = acting.saveCarry!(carry);
  // The random baseline is the explorer itself: its part is written once.
  for (const agent of new Set([parts.explorer, parts.agent])) addAgentParts(ckpt, agent.save());
  if (cfg.replay.save_in_checkpoint) {
    const replay = exportReplay(parts.replay);
    ckpt.json[REPLAY_JSON] = replay.meta;
    ckpt.arrays[REPLAY_ARRAYS] = replay.arrays;
  }
  return saveCheckpoint(logdir, counters.steps, ckpt, { keep: cfg.run.keep_checkpoints });
}

/** What `restoreRun` gives the loop: its counters, the policy that acts first, and how the run continues. */
export interface RestoredRun {
  counters: LoopCounters;
  checkpoint: LoadedCheckpoint;
  /** the policy that stepped the envs at the checkpoint (its carry restored into the driver) */
  acting: Agent;
  how: ResumeHow;
}

/**
 * Restores a run from its checkpoint into freshly built parts (after `driver.reset`): agent, explorer, replay,
 * envs, driver rows, the acting policy's carry and the pending metric means. Returns the loop's counters, the
 * acting policy and whether the run continues exactly.
 */
export function restoreRun(checkpoint: LoadedCheckpoint, envId: string, parts: RunParts, means: MetricMeans): RestoredRun {
  const run = checkpoint.json[RUN_JSON] as RunJson | undefined;
  if (!run) throw new CheckpointError(`${checkpoint.path} has no ${RUN_JSON}.json: it was not written by \`dreamer train\`, so it cannot be resumed.`);
  parts.explorer.load(run.explore === undefined ? checkpoint : legacyExplorerParts(run.explore), 'training', checkpoint.path);
  if (parts.agent !== parts.explorer) loadAgentFrom(parts.agent, checkpoint, 'training', trainedOn(envId, parts.adapter));
  const replayArrays = checkpoint.arrays[REPLAY_ARRAYS];
  const replayMeta = checkpoint.json[REPLAY_JSON] as ReplayExport['meta'] | undefined;
  if (replayArrays && replayMeta) importReplay(parts.replay, { meta: replayMeta, arrays: replayArrays });
  restoreEnvs(parts.driver.venv, run.envs ?? undefined);
  const carry = run.carry === undefined ? undefined : checkCarryJson(run.carry, checkpoint.path);
  // Only an exact moment restores the driver's rows; otherwise every sub-env starts a fresh episode.
  if (run.exact) parts.driver.setState(run.driver, parts.agent);
  let acting = parts.explorer;
  if (run.exact && carry) {
    restoreEpisodes(parts.driver.venv, run.envs ?? undefined, checkpoint.path);
    acting = carry.acting === 'agent' ? parts.agent : parts.explorer;
    if (carry.saved) parts.driver.setCarry(acting, loadCarry(checkpoint, acting, carry.acting, parts.driver.numEnvs));
  }
  means.setState(run.means);
  const aligned = run.driver.isFirst.every(Boolean);
  const how: ResumeHow = { exact: run.exact, aligned, legacy: carry === undefined, ...(run.restart && { restart: run.restart }) };
  return { counters: run.counters, checkpoint, acting, how };
}

/** run.json's carry entry, checked: a damaged one is a CheckpointError naming it. */
function checkCarryJson(raw: unknown, path: string): CarryJson {
  const c = raw as Partial<CarryJson> | null;
  if (c === null || typeof c !== 'object' || (c.acting !== 'agent' && c.acting !== 'explorer') || typeof c.saved !== 'boolean') {
    throw new CheckpointError(
      `${path}: run.json's carry entry is ${JSON.stringify(raw)}, not { acting: "agent" | "explorer", saved: boolean }: the checkpoint is damaged; resume from an older checkpoint.`,
    );
  }
  return c as CarryJson;
}

/** The acting policy's carry from carry.safetensors; missing or unloadable is a CheckpointError naming it. */
function loadCarry(checkpoint: LoadedCheckpoint, acting: Agent, who: CarryJson['acting'], numEnvs: number): unknown {
  const file = join(checkpoint.path, `${CARRY_STEM}.safetensors`);
  const saved = checkpoint.tensors[CARRY_STEM];
  if (!saved) {
    throw new CheckpointError(`${file} is missing, but run.json says the ${who}'s carried state was saved there: the checkpoint is damaged; resume from an older checkpoint.`);
  }
  if (typeof acting.loadCarry !== 'function') {
    throw new CheckpointError(`${file} holds the ${who}'s carried state, but this ${who} cannot load one (no \`loadCarry\`): resume with the agent that wrote the checkpoint.`);
  }
  return acting.loadCarry(saved, numEnvs, file);
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
