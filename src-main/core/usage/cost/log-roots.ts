// Where each CLI keeps its logs and how a file is named across moves (docs/cli-logs.md).
import path from 'node:path';

const ROLLOUT = /^(rollout-.+\.jsonl)(?:\.zst)?$/;

/**
 * Codex: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`; `codex archive` moves a file to
 * `archived_sessions/` and Codex may later compress a cold one to `.jsonl.zst`. All three are the
 * same session, so the key is the plain file name.
 */
export function codexLogRoots(codexHome: string) {
  const keyOf = (relative: string): string | null => ROLLOUT.exec(path.basename(relative))?.[1] ?? null;
  return [
    { dir: path.join(codexHome, 'sessions'), keyOf },
    { dir: path.join(codexHome, 'archived_sessions'), keyOf },
  ];
}

/** Claude Code: `$CLAUDE_CONFIG_DIR/projects/<project>/<session>.jsonl` (subagents' logs deeper). */
export function claudeLogRoots(claudeConfigDir: string) {
  return [
    {
      dir: path.join(claudeConfigDir, 'projects'),
      keyOf: (relative: string): string | null =>
        relative.endsWith('.jsonl') ? relative.split(path.sep).join('/') : null,
    },
  ];
}
