// Reading what `codex login`, `claude auth login` and `aws sso login` print: the authorize URL to
// open and, for a device-code login, the one-time code (docs/bedrock.md#re-login for the AWS CLI). Pure functions over lines (docs/codex-cli.md#codex-login,
// docs/codex-cli.md#device-code-login, docs/claude-code.md#claude-auth-login).

// Colour and cursor escapes: the CLIs colour their output when they think a terminal is attached.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** A line without terminal escapes or trailing whitespace. */
export function cleanLine(line: string): string {
  return line.replace(ANSI, '').trimEnd();
}

// Hosts whose pages a CLI login sends the user to. Anything else (a docs link in a warning) is not opened.
const AUTH_HOSTS = new Set([
  'auth.openai.com',
  'claude.ai',
  'claude.com',
  'console.anthropic.com',
  'platform.claude.com',
]);

/**
 * The login page in a line of CLI output: `https://auth.openai.com/oauth/authorize?…`, the device
 * page `https://auth.openai.com/codex/device`, or Claude's `https://claude.com/cai/oauth/authorize?…`.
 * Null when the line has none (the `http://localhost:1455` server line is not one).
 */
export function extractLoginUrl(line: string, hosts: ReadonlyArray<string | RegExp> = []): string | null {
  for (const match of cleanLine(line).matchAll(/https:\/\/[^\s"'<>`]+/g)) {
    const text = match[0].replace(/[).,;]+$/, '');
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      continue;
    }
    // A page carrying credentials is never one a CLI sends the user to.
    if (url.username || url.password) continue;
    const host = url.hostname;
    // The hosts a login declares (the AWS CLI's, with the region inside the name): whole names only.
    if (hosts.some((h) => (typeof h === 'string' ? h === host : new RegExp(`^(?:${h.source})$`).test(host)))) {
      return text;
    }
    // The device page: Codex's own host, or the auth server it was pointed at (`--experimental_issuer`).
    if (
      AUTH_HOSTS.has(url.hostname) ||
      url.pathname.includes('/oauth/authorize') ||
      url.pathname.endsWith('/codex/device')
    )
      return text;
  }
  return null;
}

// `ABCD-12345`; tolerant of other group lengths (docs/device-code-login.md#what-codex-login---device-auth-prints).
const DEVICE_CODE = /^[A-Z0-9]{4,}(?:-[A-Z0-9]{4,})+$/;

/** A device code read from `codex login --device-auth`, and how long it lasts when the CLI says so. */
export interface DeviceCodeReading {
  userCode: string;
  /** From `(expires in 15 minutes)`; null when the line did not say. */
  expiresInMs: number | null;
}

/**
 * Tracks the device-code block of `codex login --device-auth` (checked against the strings of
 * Codex 0.169; docs/device-code-login.md): the code is the first line shaped like `ABCD-12345`
 * after the line announcing the one-time code, which may say how long it lasts.
 */
export function createDeviceCodeReader(prompt: RegExp = /one-time code/i): (line: string) => DeviceCodeReading | null {
  let armed = false;
  let expiresInMs: number | null = null;
  return (line) => {
    const text = cleanLine(line).trim();
    // `prompt`: the line announcing the code (`Then enter the code:` for the AWS CLI).
    if (prompt.test(text)) {
      armed = true;
      const lasts = /expires in (\d{1,3}) (minute|hour)s?/i.exec(text);
      expiresInMs = lasts ? Number(lasts[1]) * (/hour/i.test(lasts[2]!) ? 3_600_000 : 60_000) : null;
      const inline = text.split(/\s+/).find((word) => DEVICE_CODE.test(word));
      if (!inline) return null;
      armed = false;
      return { userCode: inline, expiresInMs };
    }
    if (armed && DEVICE_CODE.test(text)) {
      armed = false;
      return { userCode: text, expiresInMs };
    }
    return null;
  };
}

/**
 * The line that best explains a failed login: the last one that reads like an error
 * (`Error logging in: …`), else the last non-empty line.
 */
export function lastErrorLine(lines: string[]): string | null {
  const meaningful = lines.map((l) => cleanLine(l).trim()).filter((l) => l !== '' && !l.startsWith('WARNING:'));
  for (let i = meaningful.length - 1; i >= 0; i--) {
    if (/\b(error|failed|denied|invalid)\b/i.test(meaningful[i]!)) return meaningful[i]!;
  }
  return meaningful.at(-1) ?? null;
}
