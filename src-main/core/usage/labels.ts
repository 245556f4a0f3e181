// Window labels by length, never by slot: OpenAI moved the weekly window into the primary slot
// for many accounts, so "primary" says nothing about what a window is (docs/usage-endpoints.md#chatgpt-usage).

const HOUR = 3600;
const DAY = 86_400;

/** 18000 s → `5h`, 86400 → `Day`, 604800 → `Week`, otherwise `<n>h` under a day or `<n>d`. */
export function labelForWindow(windowSeconds: number): string {
  if (windowSeconds === 5 * HOUR) return '5h';
  if (windowSeconds === DAY) return 'Day';
  if (windowSeconds === 7 * DAY) return 'Week';
  if (windowSeconds < DAY) return `${Math.max(1, Math.round(windowSeconds / HOUR))}h`;
  return `${Math.round(windowSeconds / DAY)}d`;
}
