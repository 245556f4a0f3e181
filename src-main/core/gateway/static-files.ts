// Serves the built dashboard (dist/renderer) over plain HTTP: content types, security headers,
// no way out of the root, and index.html for client-side routes.
import { existsSync, promises as fs } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy of every dashboard response: own scripts only, WebSocket only to
 * this gateway, no framing, no plugins, no forms posting elsewhere.
 */
export function dashboardCsp(port: number): string {
  const ws = `ws://127.0.0.1:${port}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style attributes; inline styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Where the built dashboard is: `dist/renderer` next to the running bundle (dist/cli.js, its
 * chunks in dist/chunks, dist/electron/main.js) or, from the TypeScript sources, in the checkout's
 * dist/. Null when it has not been built.
 */
export function findDashboardDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let depth = 0; depth < 5; depth++) {
    for (const candidate of [path.join(dir, 'renderer'), path.join(dir, 'dist', 'renderer')]) {
      if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** A handler for `GET`/`HEAD` of dashboard files under `root` (null: not built → 503). */
export function createStaticHandler(
  root: string | null,
  csp: () => string,
): (pathname: string, req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const realRoot = root ? fs.realpath(root).catch(() => null) : Promise.resolve(null);

  return async (pathname, req, res) => {
    const base = await realRoot;
    if (!base) {
      send(res, 503, 'The dashboard is not built: run `npm run build`, then reload.\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      send(res, 400, 'Bad request\n');
      return;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) {
      send(res, 400, 'Bad request\n');
      return;
    }
    const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
    let file = await resolveInside(
      base,
      relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative,
    );
    if (!file && path.posix.extname(relative) === '') {
      // A client-side route (`/settings`): the app's own router takes it from here.
      file = await resolveInside(base, 'index.html');
    }
    if (!file && relative === 'favicon.ico') {
      // Browsers ask for it unprompted; a dashboard without one should not log a 404 each load.
      res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' }).end();
      return;
    }
    if (!file) {
      send(res, 404, 'Not found\n');
      return;
    }
    const body = await fs.readFile(file);
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      // Vite puts a content hash in every asset name; index.html must always be fresh.
      'Cache-Control': !isHtml && relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** The real path of `relative` under `base` when it is a regular file inside it (symlinks included), else null. */
async function resolveInside(base: string, relative: string): Promise<string | null> {
  const joined = path.resolve(base, relative);
  if (joined !== base && !joined.startsWith(base + path.sep)) return null;
  try {
    const real = await fs.realpath(joined);
    if (!real.startsWith(base + path.sep)) return null;
    const stat = await fs.stat(real);
    return stat.isFile() ? real : null;
  } catch {
    return null;
  }
}
