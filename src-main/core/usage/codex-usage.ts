// ChatGPT's usage endpoint for Codex logins: `GET {chatgpt}/wham/usage` (docs/usage-endpoints.md#chatgpt-usage).
import { z } from 'zod';

import { isoOrNull, plausibleEpochSeconds } from '../util/plausible-time.js';

import { getJson, type GetJsonOptions } from './http-json.js';
import { labelForWindow } from './labels.js';
import { parseResponse } from './zod-detail.js';

import type { NamedLimit, ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';

const windowSchema = z.object({
  used_percent: z.number(),
  limit_window_seconds: z.number().int().positive(),
  reset_after_seconds: z.number().nullish(),
  reset_at: z.number().nullish(),
});

const rateLimitSchema = z.object({
  primary_window: windowSchema.nullish(),
  secondary_window: windowSchema.nullish(),
});

/** The fields clawbar uses; the endpoint sends more (allowed, limit_reached, …), which are ignored. */
export const codexUsageSchema = z.object({
  plan_type: z.string().nullish(),
  rate_limit: rateLimitSchema.nullish(),
  // Named limits of their own (docs/usage-endpoints.md#chatgpt-usage); a handful in practice.
  additional_rate_limits: z
    .array(
      z.object({
        limit_name: z.string().max(200).nullish(),
        metered_feature: z.string().min(1).max(200),
        rate_limit: rateLimitSchema.nullish(),
      }),
    )
    .max(50)
    .nullish(),
  credits: z
    .object({
      has_credits: z.boolean(),
      unlimited: z.boolean(),
      // Documented as a decimal string; accept a number too rather than fail the whole reading.
      balance: z.union([z.string(), z.number()]).nullish(),
    })
    .nullish(),
});
export type CodexUsageBody = z.infer<typeof codexUsageSchema>;

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function toWindow(raw: z.infer<typeof windowSchema>, fetchedAt: number): UsageWindow {
  const used = clampPercent(raw.used_percent);
  // The server's numbers are not trusted to be sane: an absurd one means "no reset time known".
  let resetAt: string | null = null;
  if (typeof raw.reset_at === 'number') resetAt = isoOrNull(plausibleEpochSeconds(raw.reset_at));
  else if (typeof raw.reset_after_seconds === 'number') {
    resetAt = isoOrNull(fetchedAt + raw.reset_after_seconds * 1000);
  }
  return {
    label: labelForWindow(raw.limit_window_seconds),
    windowSeconds: raw.limit_window_seconds,
    usedPercent: used,
    leftPercent: 100 - used,
    resetAt,
  };
}

/** A rate limit's windows, shortest first; null windows are skipped. */
function windowsOf(limit: z.infer<typeof rateLimitSchema> | null | undefined, fetchedAt: number): UsageWindow[] {
  return [limit?.primary_window, limit?.secondary_window]
    .filter((window): window is z.infer<typeof windowSchema> => window != null)
    .map((window) => toWindow(window, fetchedAt))
    .sort((a, b) => a.windowSeconds - b.windowSeconds);
}

/** Turns a validated body into windows sorted shortest first, and its named limits each with theirs. */
export function codexUsageFromBody(body: CodexUsageBody, fetchedAt: number): ProviderUsage {
  const windows = windowsOf(body.rate_limit, fetchedAt);
  const usage: ProviderUsage = {
    windows,
    fetchedAt: isoOrNull(fetchedAt),
    stale: false,
    error: null,
  };
  if (body.plan_type) usage.plan = body.plan_type;
  const limits: NamedLimit[] = (body.additional_rate_limits ?? []).map((limit) => ({
    id: limit.metered_feature,
    name: limit.limit_name || limit.metered_feature,
    windows: windowsOf(limit.rate_limit, fetchedAt),
  }));
  if (limits.length > 0) usage.limits = limits;
  if (body.credits) {
    const balance = body.credits.balance;
    usage.credits = {
      hasCredits: body.credits.has_credits,
      unlimited: body.credits.unlimited,
      balance: balance == null ? null : String(balance),
    };
  }
  return usage;
}

export interface CodexUsageRequest extends Omit<GetJsonOptions, 'headers'> {
  baseUrl: string;
  accessToken: string;
  accountId?: string | undefined;
}

/** Fetches and labels the Codex usage windows; throws a UsageError on any failure. */
export async function fetchCodexUsage(request: CodexUsageRequest): Promise<ProviderUsage> {
  const { baseUrl, accessToken, accountId, ...options } = request;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${accessToken}`,
    Accept: 'application/json',
    'User-Agent': 'clawbar',
  };
  if (accountId) headers['ChatGPT-Account-Id'] = accountId;
  const body = await getJson(`${baseUrl}/wham/usage`, { ...options, headers });
  const now = options.now?.() ?? Date.now();
  return codexUsageFromBody(parseResponse(codexUsageSchema, body), now);
}
