// Every wrapper, as the package root's `wrappers` namespace: the four `make` adds (TimeLimit, OrderEnforcing,
// PassiveEnvChecker, RenderCollection) and the ones agents and researchers add themselves (./index.ts).
export * from './index.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing, type OrderEnforcingOptions } from './order-enforcing.js';
export { PassiveEnvChecker } from './passive-env-checker.js';
export { RenderCollection, type RenderCollectionOptions } from './render-collection.js';
