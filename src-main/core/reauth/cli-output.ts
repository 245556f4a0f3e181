// Reading what a CLI login prints (`codex login`, `claude auth login`, `aws sso login`): the
// sign-in URL to open and, for a device-code flow, the code. Pure functions over lines; which hosts
// and which prompt belong to which CLI, its provider descriptor says (REFERENCE.md, docs/bedrock.md).

// Colour and cursor escapes: the CLIs colour their output when they think a terminal is attached.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** A line without terminal escapes or trailing whitespace. */
export function cleanLine(line: string): string {
  return line.replace(ANSI, '').trimEnd();
}

/**
 * The login page in a line of CLI output, on one of the login's `hosts` (a name, or a pattern for
 * a whole host name): `https://auth.openai.com/oauth/authorize?…`, the device page
 * `https://auth.openai.com/codex/device`, `https://oidc.us-east-1.amazonaws.com/authorize?…`. Null
 * when the line has none: the `http://localhost:1455` server line and a docs link in a warning are
 * not opened.
 */
export function extractLoginUrl(line: string, hosts: ReadonlyArray<string | RegExp>): string | null {
  for (const match of cleanLine(line).matchAll(/https:\/\/[^\s"'<>`]+/g)) {
    const text = match[0].replace(/[).,;]+$/, '');
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      continue;
    }
    const host = url.hostname;
    if (url.username || url.password) continue;
    if (hosts.some((h) => (typeof h === 'string' ? h === host : new RegExp(`^(?:${h.source})$`).test(host))))
      return text;
  }
  return null;
}

const DEVICE_CODE = /^[A-Z0-9]{4,}(?:-[A-Z0-9]{4,})+$/;

/**
 * Tracks a device-code block: the code is the first line shaped like `ABCD-12345` after the line
 * matching `prompt` (`Enter this one-time code` for Codex, `Then enter the code:` for the AWS CLI).
 */
export function createDeviceCodeReader(prompt: RegExp = /one-time code/i): (line: string) => string | null {
  let armed = false;
  return (line) => {
    const text = cleanLine(line).trim();
    if (prompt.test(text)) {
      armed = true;
      const inline = text.split(/\s+/).find((word) => DEVICE_CODE.test(word));
      return inline ?? null;
    }
    if (armed && DEVICE_CODE.test(text)) {
      armed = false;
      return text;
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
