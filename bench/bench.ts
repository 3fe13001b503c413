/** A benchmark run by `dreamer bench <name>` (and `npm run bench -- <name>`); it prints its figures. */
export interface Bench {
  name: string;
  describe: string;
  /** `json`: print one JSON object as the last line. Extra CLI flags arrive in `args`. */
  run(args: { json: boolean } & Record<string, unknown>): Promise<void>;
}
