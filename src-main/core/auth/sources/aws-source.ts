// The AWS credentials a provider (Bedrock) runs on, as profiles `<provider>:<aws profile>`: what the
// AWS SDK's default chain would resolve for that profile, read from the same places it reads —
// the environment, `~/.aws/config`, `~/.aws/credentials`, the SSO token cache — without running
// it (no network, no SDK loaded). Static keys are `static`; an SSO session's status comes from its
// cached token's `expiresAt`; temporary keys from the environment carry their expiry; nothing
// resolvable is `missing` with the reason. Read-only: the AWS files are the user's.
import { createHash } from 'node:crypto';
import path from 'node:path';

import { IMPLAUSIBLE_EXPIRY, plausibleIsoMs } from '../../util/plausible-time.js';
import { missingReading, type ProfileReading } from '../reading.js';

import {
  awsPaths,
  parseIni,
  profileKind,
  profileSettings,
  ssoCacheFile,
  type AwsPaths,
  type IniSections,
} from './aws-files.js';
import { asObject, asString, readCredentialText, readJsonFile } from './read-json-file.js';

import type { Config } from '../../config/schema.js';
import type { ProfileType } from '../types.js';
import type { CredentialSource, SourceContext, SourceResult } from './source.js';

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

/**
 * The AWS profile names clawbar reads and names on a command line (`--profile <name>`): the
 * characters the AWS CLI's own profile names use, never a leading `-`. Anything else is ignored.
 */
export const AWS_PROFILE_NAME = /^[\w+=,.@][\w+=,.@-]{0,63}$/;

/** The AWS profiles the provider depends on, each a profile `<provider>:<aws profile>`. */
export function awsSource(provider: string): CredentialSource {
  return {
    name: 'aws',
    syncLabel: 'aws config',
    readsConfig: true,
    watchDirs: (_paths, env) => {
      const aws = awsPaths(env);
      return [...new Set([path.dirname(aws.configFile), path.dirname(aws.credentialsFile), aws.ssoCacheDir])];
    },
    read: (context) => readAwsProfiles(provider, context),
  };
}

/**
 * Which AWS profiles matter: the one the SDK's chain runs with (`AWS_PROFILE`, else `default`)
 * when the agent uses the provider; those `auth.order.<provider>` lists; those seen before. None
 * at all when nothing depends on the provider: AWS credentials serve much besides Bedrock.
 */
export function awsProfileNames(
  provider: string,
  config: Pick<Config, 'agent' | 'auth'>,
  env: SourceContext['env'],
  seen: ReadonlySet<string>,
): string[] {
  const prefix = `${provider}:`;
  const used = [config.agent.model, ...config.agent.fallbacks].some((model) => model.startsWith(`${provider}/`));
  const named = (ids: Iterable<string>) =>
    [...ids].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
  return [
    ...new Set([
      ...(used ? [env.AWS_PROFILE?.trim() || 'default'] : []),
      ...named(config.auth.order[provider] ?? []),
      ...named(seen),
    ]),
  ].filter((name) => AWS_PROFILE_NAME.test(name));
}

interface Files {
  paths: AwsPaths;
  config: IniSections;
  credentials: IniSections;
  /** Why a file could not be read (a FIFO, too large, unreadable): one line, or null. */
  problem: string | null;
}

async function readIni(file: string): Promise<{ sections: IniSections; problem: string | null }> {
  const read = await readCredentialText(file);
  if (read.kind === 'text') return { sections: parseIni(read.text), problem: null };
  return { sections: new Map(), problem: read.kind === 'bad' ? read.problem : null };
}

async function readFiles(env: SourceContext['env']): Promise<Files> {
  const paths = awsPaths(env);
  const [config, credentials] = await Promise.all([readIni(paths.configFile), readIni(paths.credentialsFile)]);
  return {
    paths,
    config: config.sections,
    credentials: credentials.sections,
    problem: config.problem ?? credentials.problem,
  };
}

/** What one AWS profile resolves to, before it becomes a reading. */
type Resolved =
  | {
      ok: true;
      type: ProfileType;
      source: string;
      expiresAt: number | null;
      stamp: string;
      refreshable: boolean;
      note?: string;
      accountId?: string;
    }
  | { ok: false; problem: string; transient?: string };

const MAX_ROLE_HOPS = 5;

async function resolveSso(
  name: string,
  kind: { session: string | null; startUrl: string | null; sessionMissing?: string },
  files: Files,
): Promise<Resolved> {
  if (kind.sessionMissing) {
    return {
      ok: false,
      problem: `sso_session ${kind.sessionMissing} has no [sso-session ${kind.sessionMissing}] section in ${path.basename(files.paths.configFile)}`,
    };
  }
  const key = kind.session ?? kind.startUrl;
  if (!key) return { ok: false, problem: `AWS profile ${name} has SSO settings but no sso_start_url` };
  const file = await readJsonFile(ssoCacheFile(files.paths, key));
  const login = `run: aws sso login --profile ${name}`;
  switch (file.kind) {
    case 'absent':
      return { ok: false, problem: `not logged in to AWS SSO (no cached token — ${login})` };
    case 'bad':
      return { ok: false, problem: `the AWS SSO token cache: ${file.problem}` };
    case 'transient':
      return { ok: false, problem: `the AWS SSO token cache: ${file.problem}`, transient: file.problem };
    case 'json':
      break;
  }
  const token = asObject(file.value);
  const accessToken = asString(token?.accessToken);
  if (!token || !accessToken) return { ok: false, problem: `the AWS SSO token cache holds no access token (${login})` };
  // botocore once wrote `2019-11-14T04:05:45UTC`; the CLI v2 and the SDKs write ISO 8601.
  const expiresAt = plausibleIsoMs(asString(token.expiresAt)?.replace(/UTC$/, 'Z'));
  if (expiresAt === null) return { ok: false, problem: `the AWS SSO token: ${IMPLAUSIBLE_EXPIRY}` };
  const registration = plausibleIsoMs(asString(token.registrationExpiresAt)?.replace(/UTC$/, 'Z'));
  // Only an sso-session token is refreshed by the CLI and the SDKs, with its refresh token and client registration.
  const refreshable =
    kind.session !== null &&
    [token.refreshToken, token.clientId, token.clientSecret].every((v) => asString(v) !== undefined) &&
    (registration === null || registration > Date.now());
  return { ok: true, type: 'oauth', source: 'aws-sso', expiresAt, stamp: digest('sso', accessToken), refreshable };
}

async function resolveProfile(name: string, files: Files, hops = 0): Promise<Resolved> {
  const settings = profileSettings(name, files.config, files.credentials);
  if (!settings) {
    return {
      ok: false,
      problem:
        files.problem ??
        `the AWS profile ${name} is in neither ${path.basename(files.paths.configFile)} nor ${path.basename(files.paths.credentialsFile)}`,
    };
  }
  const kind = profileKind(settings, files.config);
  const accountId = settings.sso_account_id ?? settings.aws_account_id;
  const withAccount = (resolved: Resolved): Resolved =>
    resolved.ok && accountId ? { ...resolved, accountId } : resolved;
  switch (kind.kind) {
    case 'keys':
      return withAccount({
        ok: true,
        type: 'api_key',
        source: 'aws',
        expiresAt: null,
        stamp: digest('keys', kind.accessKeyId, kind.secretAccessKey, kind.sessionToken ?? ''),
        refreshable: false,
        ...(kind.sessionToken
          ? { note: 'temporary keys (aws_session_token): the file does not say when they expire' }
          : {}),
      });
    case 'sso':
      return withAccount(await resolveSso(name, kind, files));
    case 'role': {
      if ('credentialSource' in kind.source) {
        return external(`assumes ${settings.role_arn} with ${kind.source.credentialSource} credentials`, settings);
      }
      const from = kind.source.profile;
      if (hops >= MAX_ROLE_HOPS || from === name) {
        return { ok: false, problem: `AWS profile ${name}: source_profile chain loops or is too long` };
      }
      const base = await resolveProfile(from, files, hops + 1);
      if (!base.ok) return { ...base, problem: `source_profile ${from}: ${base.problem}` };
      return {
        ...base,
        stamp: digest('role', settings.role_arn ?? '', base.stamp),
        note: `assumes ${settings.role_arn} with profile ${from}`,
      };
    }
    case 'web-identity':
      return external('web identity token (web_identity_token_file)', settings);
    case 'process':
      return external('credential_process: its expiry is known only by running it', settings);
    case 'login':
      return external('signed in with `aws login`', settings);
    case 'none':
      // An unreadable file may be where its keys were: say so rather than "no credentials".
      return {
        ok: false,
        problem: files.problem ?? `AWS profile ${name} has no credentials (no keys, SSO, role or credential_process)`,
      };
  }
}

/** Credentials another program hands the SDK: usable, with no expiry clawbar can see. */
function external(note: string, settings: Record<string, string>): Resolved {
  return {
    ok: true,
    type: 'api_key',
    source: 'aws',
    expiresAt: null,
    stamp: digest('external', JSON.stringify(settings)),
    refreshable: false,
    note,
  };
}

/** Keys in the environment, which the chain uses when no profile is named (`AWS_PROFILE` unset). */
function resolveEnv(env: SourceContext['env']): Resolved | null {
  const id = env.AWS_ACCESS_KEY_ID?.trim();
  const secret = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!id || !secret) {
    if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
      return {
        ok: true,
        type: 'api_key',
        source: 'env',
        expiresAt: null,
        stamp: digest('web', env.AWS_ROLE_ARN),
        refreshable: false,
        note: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)',
      };
    }
    return null;
  }
  const token = env.AWS_SESSION_TOKEN?.trim();
  const stamp = digest('env', id, secret, token ?? '');
  if (!token) return { ok: true, type: 'api_key', source: 'env', expiresAt: null, stamp, refreshable: false };
  // The SDK's fromEnv reads the expiry of temporary keys from AWS_CREDENTIAL_EXPIRATION.
  const expiration = env.AWS_CREDENTIAL_EXPIRATION?.trim();
  if (!expiration) {
    return {
      ok: true,
      type: 'api_key',
      source: 'env',
      expiresAt: null,
      stamp,
      refreshable: false,
      note: 'temporary keys (AWS_SESSION_TOKEN) without AWS_CREDENTIAL_EXPIRATION: their expiry is unknown',
    };
  }
  const expiresAt = plausibleIsoMs(expiration);
  if (expiresAt === null) return { ok: false, problem: `AWS_CREDENTIAL_EXPIRATION: ${IMPLAUSIBLE_EXPIRY}` };
  return { ok: true, type: 'token', source: 'env', expiresAt, stamp, refreshable: false };
}

/** Reads every AWS profile the provider depends on. */
export async function readAwsProfiles(
  provider: string,
  context: Pick<SourceContext, 'env' | 'config' | 'seen'>,
): Promise<SourceResult> {
  const { env } = context;
  const names = awsProfileNames(provider, context.config, env, context.seen);
  if (names.length === 0) return { readings: [], candidates: [], absentProblem: () => 'nothing uses it' };
  const files = await readFiles(env);
  const chainProfile = env.AWS_PROFILE?.trim() || null;
  const readings: ProfileReading[] = [];
  const problems = new Map<string, string>();
  let transient: string | undefined;
  for (const name of names) {
    const id = `${provider}:${name}`;
    // The chain takes keys from the environment only when no profile is named.
    const implicit = chainProfile === null && name === 'default';
    const resolved = (implicit ? resolveEnv(env) : null) ?? (await resolveProfile(name, files));
    if (!resolved.ok) {
      const problem =
        implicit && !files.problem && resolved.problem.startsWith('the AWS profile default is in neither')
          ? 'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws configure (or aws configure sso)'
          : resolved.problem;
      problems.set(id, problem);
      readings.push(missingReading(id, 'aws', problem));
      transient ??= resolved.transient;
      continue;
    }
    const region = profileSettings(name, files.config, files.credentials)?.region;
    const reading: ProfileReading = {
      id,
      provider,
      type: resolved.type,
      source: resolved.source,
      expiresAt: resolved.expiresAt,
      refreshable: resolved.refreshable,
      credential: {
        profileId: id,
        provider,
        type: resolved.type,
        expiresAt: resolved.expiresAt,
        aws: { profile: implicit ? null : name, ...(region ? { region } : {}) },
        stamp: resolved.stamp,
      },
      problem: null,
      ...(resolved.note ? { note: resolved.note } : {}),
      ...(resolved.accountId ? { accountId: resolved.accountId } : {}),
    };
    readings.push(reading);
  }
  const result: SourceResult = {
    readings,
    candidates: names.map((name) => `${provider}:${name}`),
    absentProblem: (id) => problems.get(id) ?? 'not configured',
  };
  if (transient) result.transient = transient;
  return result;
}
