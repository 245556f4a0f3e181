// The text of a caught value, whatever was thrown: an Error's message, anything else as a string.
// One helper for every `catch` that logs or shows what went wrong (lint keeps it the only one).

/** `error.message` for an Error, `String(error)` for anything else thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
