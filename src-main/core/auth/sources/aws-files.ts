// The AWS shared files as the AWS SDK for JavaScript v3 reads them (docs/bedrock.md#credentials): where they
// are (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/sso/cache`), their INI dialect,
// and which kind of credential a profile resolves to, in the SDK's own order. Reading only: the
// AWS files are the user's.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import type { Env } from '../../config/paths.js';

export interface AwsPaths {
  /** `AWS_CONFIG_FILE`, default `~/.aws/config`: `[profile <name>]`, `[default]`, `[sso-session <name>]`. */
  configFile: string;
  /** `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`: `[<name>]` with keys. */
  credentialsFile: string;
  /** `~/.aws/sso/cache`: the SSO token of each session, `<sha1(session name or start URL)>.json`. */
  ssoCacheDir: string;
}

/** The SDK's home: `HOME`, else the OS's idea of it. */
function homeOf(env: Env): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/** `~/` at the start of a path set in the environment means the home, as the SDK reads it. */
function expand(file: string, home: string): string {
  return file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

/** Where the SDK looks, from `env` (never process.env: the environment is a parameter). */
export function awsPaths(env: Env): AwsPaths {
  const home = homeOf(env);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'), home),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), home),
    ssoCacheDir: path.join(home, '.aws', 'sso', 'cache'),
  };
}

/** The SSO token cache file of a session (`sso_session` name) or a legacy profile (its start URL). */
export function ssoCacheFile(paths: AwsPaths, sessionOrStartUrl: string): string {
  return path.join(paths.ssoCacheDir, `${createHash('sha1').update(sessionOrStartUrl).digest('hex')}.json`);
}

export type IniSections = Map<string, Record<string, string>>;

// A section header naming a typed section: `profile work`, `sso-session corp` (quotes allowed).
const PREFIXED = /^([\w-]+)\s+(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);

/**
 * Parses the SDK's INI dialect: `#`/`;` comments (also after whitespace), `[section]` headers,
 * `key = value`, and indented sub-keys under a key with an empty value (kept as `parent.key`).
 * A typed header keeps its type (`profile.work`); a plain one its name (`default`, or any
 * credentials-file profile).
 */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: string | undefined;
  let sub: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0]!.trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim();
      const typed = PREFIXED.exec(name);
      current = typed ? (SECTION_TYPES.has(typed[1]!) ? `${typed[1]}.${typed[3]}` : undefined) : name;
      // Never a prototype key, whatever the file says.
      if (current === '__proto__' || current?.endsWith('.__proto__')) current = undefined;
      sub = undefined;
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '') {
      sub = key;
      continue;
    }
    if (sub && raw.trimStart() === raw) sub = undefined;
    const section = sections.get(current) ?? Object.create(null);
    section[sub ? `${sub}.${key}` : key] = value;
    sections.set(current, section);
  }
  return sections;
}

/** A profile's settings as the SDK merges them: the config file's, then the credentials file's over them. */
export function profileSettings(
  name: string,
  config: IniSections,
  credentials: IniSections,
): Record<string, string> | null {
  const fromConfig =
    config.get(name === 'default' ? 'default' : `profile.${name}`) ??
    (name === 'default' ? config.get('profile.default') : undefined);
  const fromCredentials = credentials.get(name);
  if (!fromConfig && !fromCredentials) return null;
  return { ...fromConfig, ...fromCredentials };
}

/** What kind of credential a profile resolves to, in the order the SDK's `fromIni` tries them. */
export type AwsProfileKind =
  | { kind: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { kind: 'role'; source: { profile: string } | { credentialSource: string } }
  | { kind: 'web-identity' }
  | { kind: 'process' }
  | { kind: 'sso'; session: string | null; startUrl: string | null; sessionMissing?: string }
  | { kind: 'login' }
  | { kind: 'none' };

/** Classifies a profile's settings the way `resolveProfileData` of `@aws-sdk/credential-provider-ini` does. */
export function profileKind(settings: Record<string, string>, config: IniSections): AwsProfileKind {
  const keys =
    settings.aws_access_key_id && settings.aws_secret_access_key
      ? {
          kind: 'keys' as const,
          accessKeyId: settings.aws_access_key_id,
          secretAccessKey: settings.aws_secret_access_key,
          ...(settings.aws_session_token ? { sessionToken: settings.aws_session_token } : {}),
        }
      : null;
  if (settings.role_arn && !settings.web_identity_token_file) {
    if (settings.source_profile) return { kind: 'role', source: { profile: settings.source_profile } };
    if (settings.credential_source) return { kind: 'role', source: { credentialSource: settings.credential_source } };
  }
  if (keys) return keys;
  if (settings.web_identity_token_file && settings.role_arn) return { kind: 'web-identity' };
  if (settings.credential_process) return { kind: 'process' };
  if (settings.sso_session) {
    const session = config.get(`sso-session.${settings.sso_session}`);
    return session
      ? { kind: 'sso', session: settings.sso_session, startUrl: session.sso_start_url ?? null }
      : { kind: 'sso', session: settings.sso_session, startUrl: null, sessionMissing: settings.sso_session };
  }
  if (settings.sso_start_url || settings.sso_account_id || settings.sso_role_name) {
    return { kind: 'sso', session: null, startUrl: settings.sso_start_url ?? null };
  }
  if (settings.login_session) return { kind: 'login' };
  return { kind: 'none' };
}
