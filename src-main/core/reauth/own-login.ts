// `clawbar auth login <provider>`: clawbar's own OAuth login with OpenAI (DESIGN.md §5). A loopback server
// on 127.0.0.1:1455 (1457 when busy; docs/codex-cli.md#oauth-client) receives the browser's redirect,
// checks `state`, exchanges the code (PKCE) and stores the tokens through the own-profile store
// (secrets in the keychain).
import http from 'node:http';

import { createLogger, type Logger } from '../log/logger.js';
import { ownLogin } from '../providers/registry.js';
import { setLongTimeout } from '../util/timers.js';

import {
  authorizeUrl,
  CALLBACK_PATH,
  CALLBACK_PORTS,
  createPkce,
  exchangeCode,
  OAuthError,
  redirectUri,
} from './openai-oauth.js';

import type { OwnOAuthTokens, OwnStore } from '../auth/own-store.js';
import type { OpenUrl } from './types.js';

export interface OwnLoginOptions {
  /** `resolveEndpoints().openaiAuthUrl` (`CLAWBAR_OPENAI_AUTH_URL`). */
  authBaseUrl: string;
  store: Pick<OwnStore, 'saveOAuth'>;
  /** Opens the authorize URL; omit for `--no-open`. */
  openUrl?: OpenUrl;
  /** Called with the authorize URL as soon as it exists (the CLI prints it). */
  onUrl?: (url: string) => void;
  /** Callback ports to try in order; default 1455, 1457. */
  ports?: number[];
  /** How long to wait for the browser; default 10 min. */
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: () => number;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** `clawbar auth login <provider>`, for the one-line errors. */
const LOGIN_COMMAND = ownLogin().command;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: http.ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(
    `<!doctype html><meta charset="utf-8"><title>clawbar — ${escapeHtml(title)}</title>` +
      `<body style="font-family:system-ui;margin:4em auto;max-width:32em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body>`,
  );
}

/** Listens on the first free port of `ports` on 127.0.0.1. */
async function listenOnFirstFree(server: http.Server, ports: number[]): Promise<number> {
  for (const port of ports) {
    const ok = await new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE') resolve(false);
        else reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, '127.0.0.1');
    });
    if (ok) {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    }
  }
  throw new OAuthError(
    `ports ${ports.join(' and ')} on 127.0.0.1 are busy — is a \`codex login\` running? Finish or stop it and try again`,
  );
}

/**
 * Runs the whole login: callback server, authorize URL, code exchange, storing the tokens.
 * Resolves with the stored tokens; rejects with a one-line OAuthError (denied, timed out,
 * token endpoint refused, cancelled).
 */
export async function runOwnLogin(options: OwnLoginOptions): Promise<OwnOAuthTokens> {
  const log = options.logger ?? createLogger('reauth');
  const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
  const pkce = createPkce();
  let settle!: { resolve(tokens: OwnOAuthTokens): void; reject(error: Error): void };
  const result = new Promise<OwnOAuthTokens>((resolve, reject) => (settle = { resolve, reject }));
  // It may settle while the browser is still being opened; it is awaited below.
  result.catch(() => undefined);
  let redirect = '';
  let exchanging = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      page(res, 404, 'Not found', 'This is clawbar’s login callback; nothing else lives here.');
      return;
    }
    // A redirect with the wrong state is not ours (a stale tab, or another page poking the port):
    // refuse it and keep waiting for the real one.
    if (url.searchParams.get('state') !== pkce.state) {
      log.warn('ignored a login callback with the wrong state');
      page(
        res,
        400,
        'Wrong login',
        'This sign-in answer does not belong to the running clawbar login. Start it again.',
      );
      return;
    }
    if (exchanging) {
      page(res, 409, 'Already signing in', 'This login is already being completed.');
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description');
      page(res, 200, 'Sign-in not completed', `The sign-in was not completed (${error}). You can close this tab.`);
      settle.reject(
        new OAuthError(
          error === 'access_denied'
            ? 'the login was denied in the browser (access_denied)'
            : `the auth server refused the login (${error}${description ? `: ${description}` : ''})`,
          undefined,
          error,
        ),
      );
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      page(res, 400, 'Missing code', 'The sign-in answer carried no authorization code.');
      return;
    }
    exchanging = true;
    void exchangeCode({
      authBaseUrl: options.authBaseUrl,
      code,
      verifier: pkce.verifier,
      redirectUri: redirect,
      now: (options.clock ?? Date.now)(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
      .then(async (tokens) => {
        await options.store.saveOAuth(tokens);
        page(res, 200, 'Signed in to clawbar', 'You can close this tab and return to clawbar.');
        settle.resolve(tokens);
      })
      .catch((exchangeError: Error) => {
        page(res, 500, 'Sign-in failed', exchangeError.message);
        settle.reject(exchangeError instanceof OAuthError ? exchangeError : new OAuthError(exchangeError.message));
      });
  });

  const port = await listenOnFirstFree(server, options.ports ?? CALLBACK_PORTS);
  redirect = redirectUri(port);
  const timer = setLongTimeout(
    () =>
      settle.reject(
        new OAuthError(
          `no answer from the browser within ${Math.round(timeoutMs / 60_000) || 1} min — run \`${LOGIN_COMMAND}\` again`,
        ),
      ),
    timeoutMs,
  );
  const onAbort = () => settle.reject(new OAuthError('login cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const url = authorizeUrl(options.authBaseUrl, pkce, redirect);
    options.onUrl?.(url);
    if (options.openUrl) {
      try {
        await options.openUrl(url);
      } catch (error) {
        log.warn(`could not open the browser: ${(error as Error).message}`);
      }
    }
    return await result;
  } finally {
    timer.clear();
    options.signal?.removeEventListener('abort', onAbort);
    // Let the last page reach the browser, then drop keep-alive sockets so close() can finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 1000);
    await closed;
    clearTimeout(force);
  }
}
