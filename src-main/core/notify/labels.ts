// Human names for providers and profiles, shared by notifications and the tray menu.

const PROVIDER_NAMES: Record<string, string> = {
  'openai-codex': 'Codex',
  anthropic: 'Claude',
  openai: 'OpenAI',
  // Chat channels, whose credentials are profiles too.
  slack: 'Slack',
  whatsapp: 'WhatsApp',
  discord: 'Discord',
};

/** `openai-codex` → `Codex`, `anthropic` → `Claude`; unknown providers keep their id. */
export function providerDisplayName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}
