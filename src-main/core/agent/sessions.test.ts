import { promises as fs } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { getLogSinks, setLogSinks } from '../log/logger.js';

import { createSessionStore, sessionFileName } from './sessions.js';

let home: TempHome;
let lines: string[];
const saved = getLogSinks();
beforeEach(() => {
  home = makeTempHome();
  lines = [];
  setLogSinks([(_r, line) => lines.push(line)]);
});
afterEach(() => {
  setLogSinks(saved);
  home.cleanup();
});

describe('session store', () => {
  it('names files readably and without collisions', () => {
    expect(sessionFileName('discord:dm:42')).toMatch(/^discord_dm_42-[0-9a-f]{12}\.json$/);
    expect(sessionFileName('a/b')).not.toBe(sessionFileName('a:b'));
    expect(sessionFileName('../../etc/passwd')).not.toContain('/');
  });

  it('moves an unreadable session file aside instead of overwriting it, and starts afresh', async () => {
    const dir = path.join(home.clawbarHome, 'sessions');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, sessionFileName('s'));
    await fs.writeFile(file, '{"version":1,"messages":[{"role":"us');
    const store = createSessionStore({ dir, maxTurns: 5, now: () => 1234 });
    expect(await store.history('s')).toEqual([]);
    expect(await fs.readFile(`${file}.corrupt-1234`, 'utf8')).toBe('{"version":1,"messages":[{"role":"us');
    expect(lines.some((l) => l.includes('moved aside'))).toBe(true);
    await store.appendTurn('s', 'hi', 'hello');
    const fresh = createSessionStore({ dir, maxTurns: 5 });
    expect(await fresh.history('s')).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('forgets a session on reset', async () => {
    const dir = path.join(home.clawbarHome, 'sessions');
    const store = createSessionStore({ dir, maxTurns: 5 });
    await store.appendTurn('s', 'hi', 'hello');
    await store.reset('s');
    expect(await store.history('s')).toEqual([]);
    expect(await createSessionStore({ dir, maxTurns: 5 }).history('s')).toEqual([]);
  });
});
