// What the usage history records and answers: samples of usage windows, the resets detected
// between them, and the agent's turns. Times are epoch milliseconds.

/** One usage window of one account, e.g. <provider> / work / (plan) / 5h. */
export interface WindowKey {
  provider: string;
  /** The account (issue 17); '' for the CLI's default home. */
  account?: string;
  /** A named limit beside the plan's own (`additional_rate_limits`); '' for the plan's. */
  limit?: string;
  /** The window's label (`5h`, `Week`, `Week Opus`). */
  window: string;
}

export interface UsageSample extends WindowKey {
  at: number;
  windowSeconds: number;
  usedPercent: number;
  resetAt: number | null;
}

/** A window reset seen between two samples: the reset time moved forward and used % dropped. */
export interface WindowReset extends WindowKey {
  at: number;
  previousUsedPercent: number;
  previousResetAt: number;
  resetAt: number;
}

export interface AgentTurn {
  at: number;
  /** The auth profile that answered (`<provider>:<name>[@<account>]`). */
  profile: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a part of inputTokens). */
  cachedTokens: number;
  latencyMs: number;
  /** `ok`, or why the turn failed (`rate-limited`, `rejected`, `error`, …). */
  outcome: string;
}
