// Shapes shared by the log scanners (what the Codex and Claude CLIs recorded about their own
// token use), the stores that remember how far each log was read, and the report built from them.

/** Token counts in the providers' own terms; `cached` and `reasoning` are parts of input/output. */
export interface TokenCounts {
  /** All input tokens, cached ones included. */
  input: number;
  /** Input tokens read from the prompt cache (billed at the cached-input price). */
  cached: number;
  /** Input tokens written to the prompt cache (Anthropic bills these above the input price). */
  cacheWrite: number;
  /** All output tokens, reasoning included. */
  output: number;
  /** Reasoning tokens (a part of output). */
  reasoning: number;
  /** Model responses counted. */
  requests: number;
}

/** Tokens of one model within one UTC hour (`hour` = epoch ms / 3 600 000, floored). */
export interface UsageBucket extends TokenCounts {
  hour: number;
  model: string;
}

/** Which CLI's logs. */
export type LogSource = 'codex' | 'claude';

/** How far one log file has been read, and what identifies its content. */
export interface LogFileState {
  path: string;
  /** Bytes consumed: always the end of a complete line. */
  offset: number;
  size: number;
  mtimeMs: number;
  /** Length and sha256 of the file's first bytes when first read: a different head is a different file. */
  headLen: number;
  headHash: string;
  /** The line parser's own state at `offset` (the current model, the last cumulative total, …). */
  parser: unknown;
}

/** Remembers scan results between scans. */
export interface LogUsageStore {
  /** Every file state of one source, by key. */
  fileStates(source: LogSource): Map<string, LogFileState>;
  /**
   * Records one file's scan: its new state and the tokens found since `previous`. When `reset` is
   * true the file's earlier buckets are dropped first (it was truncated or replaced). Returns false,
   * changing nothing, when the stored state is no longer `previous` (another process got there first).
   */
  commit(
    source: LogSource,
    key: string,
    previous: LogFileState | null,
    next: LogFileState,
    buckets: UsageBucket[],
    reset: boolean,
  ): boolean;
  /** Buckets of every file at or after `sinceHour`, merged per source, hour and model. */
  buckets(sinceHour: number): Array<UsageBucket & { source: LogSource }>;
}

export const zeroCounts = (): TokenCounts => ({
  input: 0,
  cached: 0,
  cacheWrite: 0,
  output: 0,
  reasoning: 0,
  requests: 0,
});

/** Adds `b` into `a` and returns `a`. */
export function addCounts<T extends TokenCounts>(a: T, b: TokenCounts): T {
  a.input += b.input;
  a.cached += b.cached;
  a.cacheWrite += b.cacheWrite;
  a.output += b.output;
  a.reasoning += b.reasoning;
  a.requests += b.requests;
  return a;
}

/** Called by a parser for each model response it finds: when, which model, how many tokens. */
export type EmitUsage = (at: number, model: string, counts: TokenCounts) => void;

/** Reads one CLI's JSONL lines in order; its state (JSON) lets the next scan go on mid-file. */
export interface LogParser {
  /** A line is handed to `line` only when it contains one of these. */
  readonly markers: readonly string[];
  line(text: string): void;
  state(): unknown;
}

export type LogParserFactory = (previous: unknown, emit: EmitUsage) => LogParser;

/** A token count from a log: a non-negative integer, or 0 for anything absurd. */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(Math.floor(value), 1e12) : 0;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A log line parsed as a JSON object, or null (not JSON, or not an object). */
export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The time of a line's ISO `timestamp`, or NaN. */
export const lineTime = (line: Record<string, unknown>): number =>
  typeof line.timestamp === 'string' ? Date.parse(line.timestamp) : Number.NaN;

/** Adds `counts` into the bucket of `key` in `into` (created empty from `base`), and returns it. */
export function addToBucket<T extends TokenCounts>(
  into: Map<string, T>,
  key: string,
  base: Omit<T, keyof TokenCounts>,
  counts: TokenCounts,
): T {
  let bucket = into.get(key);
  if (!bucket) {
    bucket = { ...base, ...zeroCounts() } as T;
    into.set(key, bucket);
  }
  return addCounts(bucket, counts);
}
