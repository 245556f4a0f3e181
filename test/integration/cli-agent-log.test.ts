// `clawbar agent log` as a user runs it: the built CLI reading the decisions a gateway's agent saved.
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createDecisionLog } from '../../src-main/core/agent/decision-log.js';
import { useBuiltCli } from '../fixtures/cli.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const cli = useBuiltCli();
let home: TempHome;
beforeEach(() => {
  home = makeTempHome();
});
afterEach(() => home.cleanup());

describe('clawbar agent log', () => {
  it('prints the last decisions, one line each, and --json', async () => {
    expect((await cli.run(['agent', 'log'], home.env)).stdout).toBe('no agent turns yet\n');
    const log = createDecisionLog(path.join(home.clawbarHome, 'state', 'agent-log.json'));
    const base = { at: '2026-11-25T12:00:00.000Z', model: 'openai-codex/gpt-6.1-sol', strategy: 'headroom' as const };
    log.record({ ...base, profileId: 'openai-codex:codex-cli', why: '5h 90% left', skipped: [] });
    log.record({
      ...base,
      profileId: 'openai-codex:codex-cli@work',
      why: 'Week 71% left',
      skipped: [{ profileId: 'openai-codex:codex-cli', reason: 'Week 0% left' }],
    });
    log.record({ ...base, profileId: null, why: 'first usable in order', skipped: [] });
    await log.flush();
    const run = await cli.run(['agent', 'log', '--limit', '2'], home.env);
    expect(run.stdout).toBe(
      'turn 2: openai-codex:codex-cli@work (Week 71% left) — openai-codex:codex-cli skipped: Week 0% left\n' +
        'turn 3: no profile answered\n',
    );
    const json = JSON.parse((await cli.run(['agent', 'log', '--json'], home.env)).stdout) as { decisions: unknown[] };
    expect(json.decisions).toHaveLength(3);
    const bad = await cli.run(['agent', 'log', '--limit', '0'], home.env);
    expect(bad).toMatchObject({ code: 1, stderr: 'clawbar: --limit must be a whole number from 1 to 50\n' });
  });
});
