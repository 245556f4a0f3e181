// Which profiles the Re-login button can fix: those whose login clawbar can run (DESIGN.md §5).
export const RELOGIN_PROFILE_IDS: ReadonlySet<string> = new Set([
  'openai-codex:codex-cli',
  'anthropic:claude-cli',
  'openai-codex:default',
]);

export function canRelogin(profileId: string): boolean {
  return RELOGIN_PROFILE_IDS.has(profileId);
}
