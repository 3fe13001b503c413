/** The value kinds a config key can hold. `map` is a free-form mapping (its keys are not checked). */
export type ValueType = 'int' | 'float' | 'string' | 'bool' | 'list' | 'map';

/** What the schema knows about a key beyond its default: the constraints a YAML default cannot show. */
export interface Annotation {
  /** Overrides the type inferred from the default (needed for null defaults and free-form maps). */
  type?: ValueType;
  /** Allowed values of a string key. */
  enum?: readonly string[];
  min?: number;
  max?: number;
  /** The key may be null (e.g. "keep the registered value"). */
  nullable?: boolean;
  /** Constraint on each element of a list key. */
  items?: { type?: ValueType; enum?: readonly string[] };
}
