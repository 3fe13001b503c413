import { EnvError } from '../../util/errors.js';

/** A vector env used wrongly: bad seeds, a bad reset mask, sub-envs with different spaces. */
export class VectorEnvError extends EnvError {}

/** A sub-env of an AsyncVectorEnv failed in its worker; `envIndex` says which one. */
export class VectorWorkerError extends VectorEnvError {
  constructor(
    readonly envIndex: number,
    readonly command: string,
    readonly causeName: string,
    causeMessage: string,
    readonly workerStack?: string,
  ) {
    super(`sub-env ${envIndex} failed in ${command}() inside its worker: ${causeName}: ${causeMessage}`);
  }
}
