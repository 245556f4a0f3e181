// `clawbar models status [--json] [--check] [--no-usage] [--probe]` (DESIGN.md §7). The report is
// built as data first (a StatusReport), then printed as text or JSON, so usage windows slot in per
// provider. `--probe` asks each OAuth login's server whether it still accepts the token (issue 18).
import { formatDuration } from '../../../src-shared/format.js';
import { withoutRunHint } from '../../../src-shared/problem-text.js';
import { verificationText } from '../../../src-shared/verification-text.js';
import { renewsOnUse, TOKEN_EXPIRED } from '../../core/auth/status.js';

import type { ProfileView, ProviderUsage, ProviderView } from '../../../src-shared/protocol/index.js';
import type { ProfileCheck } from '../../core/usage/probe.js';
import type { Command } from 'commander';

export interface StatusOptions {
  json?: boolean;
  check?: boolean;
  /** False with `--no-usage`. */
  usage?: boolean;
  /** Ask each OAuth login's server now whether it accepts the token; exits 1 when one is rejected. */
  probe?: boolean;
}

export interface StatusReport {
  generatedAt: string;
  warnBeforeMs: number;
  profiles: ProfileView[];
  providers: ProviderView[];
}

// Credentials read from another program's files are followed by where: the CLIs' stores, the AWS files.
const SOURCE_SUFFIX = new Set(['codex-cli', 'claude-cli', 'aws', 'aws-sso']);

/**
 * The part of a broken profile's detail its line does not already say: `expired 2h 0m ago` says
 * the token expired, so only a note beyond that is worth printing; a rejection or a missing
 * file's reason always is.
 */
function detailBeyondLine(profile: ProfileView, pastExpiry: boolean): string | null {
  // The `→ run:` line under it names the fix: the detail need not repeat it.
  const detail = profile.detail && profile.fix ? withoutRunHint(profile.detail) : profile.detail;
  if (!detail) return null;
  if (profile.status !== 'missing' && profile.status !== 'expired') return profile.fix ? detail : null;
  if (!pastExpiry) return detail;
  if (detail === TOKEN_EXPIRED) return null;
  return detail.startsWith(`${TOKEN_EXPIRED} — `) ? detail.slice(TOKEN_EXPIRED.length + 3) : detail;
}

/**
 * One profile line in clawdbot's form, `  - <id>[ (<email>)] <status> expires in <dur>[ (codex-cli|claude-cli)]`
 * (`expired <dur> ago` once past), then ` — <detail>` only where the detail adds something.
 */
function formatProfileLine(profile: ProfileView, now: number): string {
  let line = `  - ${profile.id}`;
  if (profile.email) line += ` (${profile.email})`;
  line += ` ${profile.status}`;
  const pastExpiry = profile.status === 'expired' && profile.remainingMs !== null && profile.remainingMs <= 0;
  if ((profile.status === 'ok' || profile.status === 'expiring') && profile.remainingMs !== null) {
    line += ` expires in ${formatDuration(profile.remainingMs)}`;
  } else if (pastExpiry) {
    line += ` ${formatDuration(-profile.remainingMs!)} ago`;
  }
  if (SOURCE_SUFFIX.has(profile.source)) line += ` (${profile.source})`;
  // A probe's rejection says it in its own words (`rejected by the server just now`).
  const detail = profile.probe?.result === 'rejected' ? null : detailBeyondLine(profile, pastExpiry);
  if (detail) line += ` — ${detail}`;
  const verification = verificationText(profile, now);
  if (verification) line += ` · ${verification}`;
  return line;
}

/**
 * The text report: sections `OAuth/token status` and `API keys`, a `- <provider>` line (followed by
 * what `describeUsage` gives: `usage: <windows>` or `usage unavailable (<reason>)`) and one line per
 * profile, each problem followed by its fix (`    → run: clawbar relogin codex`); then each account of
 * the provider as `- <provider>@<account>` with its own usage and profiles.
 */
function formatStatusText(
  report: StatusReport,
  describeUsage: (usage: ProviderUsage) => string | null = () => null,
): string {
  const views = new Map(report.providers.map((p) => [p.provider, p]));
  const section = (title: string, profiles: ProfileView[]) => {
    const lines = [title];
    const providers = [...new Set(profiles.map((p) => p.provider))];
    if (providers.length === 0) lines.push('- none');
    for (const provider of providers) {
      const view = views.get(provider);
      const group = (heading: string, usage: ProviderUsage | null | undefined, members: ProfileView[]) => {
        if (members.length === 0) return;
        const text = usage ? describeUsage(usage) : null;
        lines.push(`${heading}${text ? ` ${text}` : ''}`);
        for (const profile of members) {
          lines.push(formatProfileLine(profile, Date.parse(report.generatedAt)));
          if (profile.fix) lines.push(`    → run: ${profile.fix.command}`);
        }
      };
      const own = profiles.filter((p) => p.provider === provider);
      group(
        `- ${provider}`,
        view?.usage,
        own.filter((p) => !p.account),
      );
      for (const account of [...new Set(own.flatMap((p) => (p.account ? [p.account] : [])))]) {
        const accountView = view?.accounts?.find((a) => a.id === account);
        const note = accountView?.sameLoginAs ? ` (same login as ${accountView.sameLoginAs})` : '';
        group(
          `- ${provider}@${account}${note}`,
          accountView?.usage,
          own.filter((p) => p.account === account),
        );
      }
    }
    return lines.join('\n');
  };
  return [
    section(
      'OAuth/token status',
      report.profiles.filter((p) => p.type !== 'api_key'),
    ),
    section(
      'API keys',
      report.profiles.filter((p) => p.type === 'api_key'),
    ),
  ].join('\n\n');
}

/**
 * `--check`: 0 when all ok/static, 2 when something is expiring or expired but renewed by its CLI on
 * next use (Claude Code's 8-hour token after a quiet night), 1 when something is expired for good
 * (rejected, dead refresh token, not refreshable) or missing (1 wins).
 */
function checkExitCode(profiles: ProfileView[]): 0 | 1 | 2 {
  if (profiles.some((p) => p.status === 'missing' || (p.status === 'expired' && !renewsOnUse(p)))) return 1;
  if (profiles.some((p) => p.status === 'expiring' || p.status === 'expired')) return 2;
  return 0;
}

export async function modelsStatus(options: StatusOptions, command?: Command): Promise<void> {
  const [{ loadAuthContext }, { createAuthEngine }, { headlineRouting, providerViews }] = await Promise.all([
    import('../../core/auth/context.js'),
    import('../../core/auth/engine.js'),
    import('../../core/auth/status.js'),
  ]);
  // stdout carries the report (JSON with --json): log lines, if any, go to stderr.
  const { setLogSinks } = await import('../../core/log/logger.js');
  setLogSinks([
    (record, line) => {
      if (record.level !== 'debug' || process.env.CLAWBAR_DEBUG) process.stderr.write(`${line}\n`);
    },
  ]);
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  const context = await loadAuthContext(process.env, globals.config);
  const engine = createAuthEngine({ ...context, watch: false });
  await engine.start();
  // Usage first: a 401/403 marks the profile rejected, and the profiles read next show it.
  let usage = new Map<string, ProviderUsage>();
  let describeUsage: ((usage: ProviderUsage) => string | null) | undefined;
  const { resolveEndpoints } = await import('../../core/config/paths.js');
  const endpoints = resolveEndpoints(context.env);
  // With --probe: what each request proved about the token it sent, by profile id.
  const checks = new Map<string, ProfileCheck>();
  if (options.usage !== false) {
    const [{ collectUsage, usageForStatus }, { formatUsageLine }] = await Promise.all([
      import('../../core/usage/collect-usage.js'),
      import('../../core/usage/usage-text.js'),
    ]);
    const outcomes = await collectUsage({ auth: engine, endpoints });
    for (const outcome of outcomes.values()) checks.set(outcome.check.profileId, outcome.check);
    usage = usageForStatus(outcomes);
    if (context.config.usage.history.enabled && usage.size > 0) {
      // Each reading is a sample of the history too; a window at risk gets a pace note.
      const { withRecordedPace } = await import('../../core/usage/one-shot-pace.js');
      usage = withRecordedPace(context.paths.historyDb, usage);
    }
    describeUsage = (providerUsage) => formatUsageLine(providerUsage, Date.now());
  }
  if (options.probe) {
    // A usage fetch already asked about its profile: only the others get a request of their own.
    const { probeEach, CLI_PROBE_DEADLINE_MS } = await import('../../core/usage/probe.js');
    const more = await probeEach({
      auth: engine,
      endpoints,
      skip: new Set(checks.keys()),
      deadlineMs: CLI_PROBE_DEADLINE_MS,
    });
    for (const check of more) checks.set(check.profileId, check);
  } else checks.clear();
  const now = Date.now();
  const { checkView } = await import('../../core/usage/probe.js');
  const { withChecks } = await import('../../core/auth/profile-feed.js');
  const profiles = withChecks(
    engine.profiles(now),
    new Map([...checks].map(([profileId, check]) => [profileId, checkView(check)])),
  );
  await engine.stop();

  const report: StatusReport = {
    generatedAt: new Date(now).toISOString(),
    warnBeforeMs: context.config.auth.warnBeforeMs,
    profiles,
    providers: providerViews(
      profiles,
      Object.fromEntries(usage),
      context.config.auth.order,
      headlineRouting(context.config, now),
    ),
  };

  process.stdout.write(
    options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatusText(report, describeUsage)}\n`,
  );
  if (options.check) process.exitCode = checkExitCode(profiles);
  // The probe was asked for: a login the server turned down fails it.
  if (options.probe && [...checks.values()].some((check) => check.result === 'rejected')) process.exitCode = 1;
}
