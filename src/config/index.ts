// Config: the schema (configs/defaults.yaml + annotations), loading with presets and overrides, saving.
export { loadConfig, saveResolvedConfig, configToYaml, RESOLVED_CONFIG_FILE, type LoadConfigArgs } from './load.js';
export { getSchema, ANNOTATIONS, BACKENDS, LOG_SINKS, CONSOLE_MODES, VECTORIZATION_MODES } from './schema.js';
export type { Schema, SchemaEntry } from './schema.js';
export type { Annotation, ValueType } from './annotation.js';
export { presetNames, resolvePreset } from './presets.js';
export type { Config, EnvConfig, RunConfig, ReplayConfig, LogConfig } from './types.js';
export type { AgentConfig } from './agent.js';
