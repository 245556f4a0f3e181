import { appendOwnFileSync } from '../config/own-files.js';

/** A `[subsystem] message` logger whose every line passes through secret redaction. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  child(subsystem: string): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogRecord {
  level: LogLevel;
  subsystem: string;
  message: string;
  time: Date;
}
export type LogSink = (record: LogRecord, line: string) => void;

const secrets = new Set<string>();

/** Registers a secret so no logger ever prints it (tokens, keys, the gateway token). */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

const PATTERNS: RegExp[] = [
  // JWTs: three base64url segments, the first starting with a JSON brace (`eyJ`).
  /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g,
  // Bearer credentials in headers or prose.
  /\b(Bearer\s+)[\w.~+/=-]{8,}/gi,
  // Provider key shapes: sk-…, sk-ant-…, sk-proj-…, rt_… refresh tokens.
  /\b(?:sk|rk|rt)[-_][\w-]{12,}/g,
  // Slack tokens: xoxb- bot, xoxp- user, xapp- app-level (and their siblings).
  /\b(?:xox[a-z]|xapp)-[\w-]{10,}/g,
  // The dashboard's link carries the gateway token in its fragment (`/#token=…`), whoever's token.
  /([#?&]token=)[^\s&#'"]+/g,
];

/** Replaces every registered secret and anything shaped like a token with `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  out = out.replace(PATTERNS[0]!, '[redacted]');
  out = out.replace(PATTERNS[1]!, '$1[redacted]');
  out = out.replace(PATTERNS[2]!, '[redacted]');
  out = out.replace(PATTERNS[3]!, '[redacted]');
  out = out.replace(PATTERNS[4]!, '$1[redacted]');
  return out;
}

const consoleSink: LogSink = (record, line) => {
  if (record.level === 'debug' && !process.env.CLAWBAR_DEBUG) return;
  (record.level === 'error' || record.level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

let sinks: LogSink[] = [consoleSink];

/** Replaces where log lines go (tests capture them; the gateway adds its log file). */
export function setLogSinks(next: LogSink[]): void {
  sinks = next;
}

export function getLogSinks(): LogSink[] {
  return sinks;
}

export const stdoutSink = consoleSink;

/**
 * A sink appending to `file`, rotating to `file.1` past `maxBytes`. Synchronous appends keep lines
 * whole and ordered; the gateway logs a few lines a minute, so the cost is nil. Never appends
 * through a symlink (own-files.ts).
 */
export function fileSink(file: string, maxBytes = 5 * 1024 * 1024): LogSink {
  return (record, line) => {
    try {
      appendOwnFileSync(file, `${record.time.toISOString()} ${record.level.toUpperCase()} ${line}\n`, maxBytes);
    } catch {
      // A full disk must not take the gateway down; the console still has the line.
    }
  };
}

/** `createLogger('gateway').info('listening')` prints `[gateway] listening`. */
export function createLogger(subsystem: string): Logger {
  const emit = (level: LogLevel, message: string) => {
    const record: LogRecord = { level, subsystem, message: redact(message), time: new Date() };
    const line = `[${subsystem}] ${record.message}`;
    for (const sink of sinks) sink(record, line);
  };
  return {
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    debug: (m) => emit('debug', m),
    child: (name) => createLogger(`${subsystem}/${name}`),
  };
}
