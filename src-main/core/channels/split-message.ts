// Discord rejects messages over 2 000 characters (docs/channels.md#discord): long answers go out as several, cut
// at a paragraph, line or word boundary where one is near, and never inside a surrogate pair.

/** Discord's limit is 2 000; staying a little under leaves room for the fence repair below. */
export const DISCORD_CHUNK_LIMIT = 1990;

function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit);
  // Prefer the latest natural boundary in the second half of the window.
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= limit / 2) return at + separator.length;
  }
  // No boundary: a hard cut, moved back one if it would split a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/**
 * Splits `text` into chunks of at most `limit` characters. A code block cut in two is closed at
 * the end of one chunk and reopened at the start of the next, so both render as code.
 */
export function splitMessage(text: string, limit = DISCORD_CHUNK_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  let reopen = '';
  while (rest.length > 0) {
    const budget = limit - reopen.length - 4; // room for a closing "\n```"
    if (reopen.length + rest.length <= limit) {
      chunks.push(reopen + rest);
      break;
    }
    const at = cutPoint(rest, budget);
    let chunk = reopen + rest.slice(0, at).trimEnd();
    rest = rest.slice(at).trimStart();
    const fences = chunk.match(/```[^\n`]*/g) ?? [];
    if (fences.length % 2 === 1) {
      // Inside a code block: close it here and reopen it (with its language tag) in the next chunk.
      chunk += '\n```';
      reopen = `${fences[fences.length - 1]}\n`;
    } else {
      reopen = '';
    }
    chunks.push(chunk);
  }
  return chunks.filter((c) => c.trim().length > 0);
}
