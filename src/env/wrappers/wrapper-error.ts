import { EnvError } from '../../util/errors.js';

/** A wrapper applied to an env it cannot wrap (wrong space type) or given an argument it cannot use. */
export class WrapperError extends EnvError {}
