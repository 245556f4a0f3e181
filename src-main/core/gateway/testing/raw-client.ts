// A raw WebSocket client for gateway tests: sends arbitrary frames (also malformed ones) and
// collects every server frame in order, so tests see exactly what went over the wire.
import WebSocket from 'ws';

export interface ServerFrameJson {
  type: 'res' | 'event';
  id?: string | null;
  ok?: boolean;
  payload?: unknown;
  error?: { code: string; message: string };
  event?: string;
  seq?: number;
}

export interface RawClient {
  ws: WebSocket;
  frames: ServerFrameJson[];
  /** Every text frame as received (to search for leaked secrets). */
  texts: string[];
  send(frame: unknown): void;
  /** Sends a request and resolves with its response frame. */
  request(method: string, params?: unknown): Promise<ServerFrameJson>;
  /** Resolves with the first frame (already received or future) matching `match`. */
  waitFor(match: (frame: ServerFrameJson) => boolean, timeoutMs?: number): Promise<ServerFrameJson>;
  /** Resolves with the close code once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

let nextId = 0;

/** Opens a socket (rejecting with the HTTP status when the upgrade is refused). */
export function openRawClient(url: string, options: { origin?: string } = {}): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    const frames: ServerFrameJson[] = [];
    const texts: string[] = [];
    const waiters = new Set<{ match: (f: ServerFrameJson) => boolean; resolve: (f: ServerFrameJson) => void }>();
    const closed = new Promise<{ code: number; reason: string }>((done) => {
      ws.on('close', (code, reason) => done({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => {
      const text = data.toString();
      texts.push(text);
      const frame = JSON.parse(text) as ServerFrameJson;
      frames.push(frame);
      for (const waiter of waiters) {
        if (waiter.match(frame)) {
          waiters.delete(waiter);
          waiter.resolve(frame);
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { statusCode: res.statusCode }));
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
    const waitFor = (match: (frame: ServerFrameJson) => boolean, timeoutMs = 10_000) => {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<ServerFrameJson>((done, fail) => {
        const waiter = {
          match,
          resolve: (frame: ServerFrameJson) => {
            clearTimeout(timer);
            done(frame);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          fail(new Error(`no matching frame within ${timeoutMs} ms; got ${texts.slice(-3).join(' | ')}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    };
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        texts,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        request: (method, params) => {
          const id = `t${++nextId}`;
          ws.send(JSON.stringify({ type: 'req', id, method, ...(params === undefined ? {} : { params }) }));
          return waitFor((f) => f.type === 'res' && f.id === id);
        },
        waitFor,
        closed,
        close: () => ws.terminate(),
      }),
    );
  });
}

/** Opens a socket and authenticates; throws when `connect` is refused. */
export async function openAuthedClient(url: string, token: string, options: { origin?: string } = {}) {
  const client = await openRawClient(url, options);
  const hello = await client.request('connect', { auth: { token }, client: { name: 'test' } });
  if (!hello.ok) throw new Error(`connect refused: ${hello.error?.code}`);
  return { client, hello };
}
