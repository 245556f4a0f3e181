// The start every end-to-end run shares: a temp HOME whose Codex login is expiring (5 h 10 m left
// under the default 24 h warnBefore) but far from the 2 h delegated-refresh mark.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { writeFakeCli, type FakeCli } from '../../test/fixtures/fake-cli.js';
import { codexChatgptAuthJson } from '../../test/fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../../test/fixtures/temp-home.js';

import { freePort } from './gateway-process.js';

const HOUR = 3_600_000;

/** A temp HOME (see makeTempHome) whose CODEX_HOME holds a ChatGPT login for dev@example.com, expiring. */
export async function makeExpiringCodexHome(prefix: string): Promise<TempHome> {
  const home = makeTempHome(prefix);
  await mkdir(home.codexHome, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(home.codexHome, 'auth.json'),
    codexChatgptAuthJson({ expiresAt: Date.now() + 5 * HOUR + 10 * 60_000, email: 'dev@example.com' }),
    { mode: 0o600 },
  );
  return home;
}

export interface MenuBarHome {
  home: TempHome;
  /** The fake `codex` the re-login runs; its login waits for `releaseLogin()`. */
  fake: FakeCli;
  /** The in-process gateway's port, written to config.json. */
  port: number;
  /** Lets the waiting login finish (it writes a fresh auth.json). */
  releaseLogin(): Promise<void>;
  cleanup(): void;
}

/**
 * For the menu-bar app: the expiring home, the fake `codex` as the re-login command, and a free
 * port for the in-process gateway, both in config.json.
 */
export async function makeMenuBarHome(prefix: string): Promise<MenuBarHome> {
  const home = await makeExpiringCodexHome(prefix);
  // The login waits for this file, so the waiting state can be seen first.
  const goFile = path.join(home.root, 'go-login');
  const fake = writeFakeCli({ login: { outcome: 'success', goFile } });
  const port = await freePort();
  await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ gateway: { port }, reauth: { codex: { command: fake.codex } } }),
    { mode: 0o600 },
  );
  return {
    home,
    fake,
    port,
    releaseLogin: () => writeFile(goFile, 'go\n'),
    cleanup: () => {
      fake.cleanup();
      home.cleanup();
    },
  };
}
