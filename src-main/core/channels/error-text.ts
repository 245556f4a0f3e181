// One line of text for an error a channel reports in its view or log (stack traces and SDK
// multi-line dumps stay out of `channels.status`).

/** The first line of an error's message (or of the value itself). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
