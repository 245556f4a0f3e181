// `clawbar agent log [--json] [--limit N]` (DESIGN.md §7): the agent's last routing decisions — which
// profile answered each turn, and why the others were skipped — as the gateway saved them in
// `$CLAWBAR_HOME/state/agent-log.json`.
import { CliError } from '../errors.js';

import type { Command } from 'commander';

export async function agentLog(options: { json?: boolean; limit?: string }, _command: Command): Promise<void> {
  const [{ resolvePaths }, { readDecisions, formatDecision, KEEP_DECISIONS }, path] = await Promise.all([
    import('../../core/config/paths.js'),
    import('../../core/agent/decision-log.js'),
    import('node:path'),
  ]);
  const limit = options.limit === undefined ? 20 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > KEEP_DECISIONS) {
    throw new CliError(`--limit must be a whole number from 1 to ${KEEP_DECISIONS}`);
  }
  const decisions = (await readDecisions(path.join(resolvePaths(process.env).stateDir, 'agent-log.json'))).slice(
    -limit,
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ decisions }, null, 2)}\n`);
    return;
  }
  if (decisions.length === 0) {
    process.stdout.write('no agent turns yet\n');
    return;
  }
  for (const decision of decisions) process.stdout.write(`${formatDecision(decision)}\n`);
}
