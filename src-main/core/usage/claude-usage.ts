// Anthropic's usage endpoint for Claude Code logins: `GET {anthropic}/api/oauth/usage`
// (docs/usage-endpoints.md#anthropic-usage).
import { z } from 'zod';

import { isoOrNull, plausibleIsoMs } from '../util/plausible-time.js';

import { getJson, type GetJsonOptions } from './http-json.js';
import { labelForWindow } from './labels.js';
import { parseResponse } from './zod-detail.js';

import type { ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';

export const ANTHROPIC_OAUTH_BETA = 'oauth-2025-04-20';

const windowSchema = z.object({
  utilization: z.number(),
  resets_at: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO date')
    .nullish(),
});

export const claudeUsageSchema = z.object({
  five_hour: windowSchema.nullish(),
  seven_day: windowSchema.nullish(),
  seven_day_opus: windowSchema.nullish(),
  seven_day_sonnet: windowSchema.nullish(),
});
export type ClaudeUsageBody = z.infer<typeof claudeUsageSchema>;

// Claude reports windows by name, each with a fixed length; the model-specific weekly windows get
// a qualifier so they are not mistaken for the overall one.
// They bound only that family's models (`model`: docs/usage-endpoints.md#anthropic-usage).
const WINDOWS: { key: keyof ClaudeUsageBody; seconds: number; qualifier?: string; model?: string }[] = [
  { key: 'five_hour', seconds: 5 * 3600 },
  { key: 'seven_day', seconds: 7 * 86_400 },
  { key: 'seven_day_opus', seconds: 7 * 86_400, qualifier: 'Opus', model: 'opus' },
  { key: 'seven_day_sonnet', seconds: 7 * 86_400, qualifier: 'Sonnet', model: 'sonnet' },
];

/** Turns a validated body into labelled windows; null windows are skipped. */
export function claudeUsageFromBody(body: ClaudeUsageBody, fetchedAt: number): ProviderUsage {
  const windows: UsageWindow[] = [];
  for (const { key, seconds, qualifier, model } of WINDOWS) {
    const raw = body[key];
    if (!raw) continue;
    const used = Math.min(100, Math.max(0, raw.utilization));
    const label = labelForWindow(seconds);
    windows.push({
      label: qualifier ? `${label} ${qualifier}` : label,
      windowSeconds: seconds,
      usedPercent: used,
      leftPercent: 100 - used,
      resetAt: isoOrNull(plausibleIsoMs(raw.resets_at)),
      ...(model ? { model } : {}),
    });
  }
  return { windows, fetchedAt: isoOrNull(fetchedAt), stale: false, error: null };
}

export interface ClaudeUsageRequest extends Omit<GetJsonOptions, 'headers'> {
  baseUrl: string;
  accessToken: string;
}

/** Fetches and labels the Claude usage windows; throws a UsageError on any failure. */
export async function fetchClaudeUsage(request: ClaudeUsageRequest): Promise<ProviderUsage> {
  const { baseUrl, accessToken, ...options } = request;
  const body = await getJson(`${baseUrl}/api/oauth/usage`, {
    ...options,
    headers: {
      Authorization: `Bearer ${accessToken}`,
      'anthropic-beta': ANTHROPIC_OAUTH_BETA,
      Accept: 'application/json',
      'User-Agent': 'clawbar',
    },
  });
  const now = options.now?.() ?? Date.now();
  return claudeUsageFromBody(parseResponse(claudeUsageSchema, body), now);
}
