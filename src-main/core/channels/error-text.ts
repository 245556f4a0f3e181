// One line of text for an error a channel reports in its view or log (stack traces and SDK
// multi-line dumps stay out of `channels.status`).
import { errorMessage } from '../../../src-shared/error-message.js';

/** The first line of an error's message (or of the value itself). */
export function errorText(error: unknown): string {
  return errorMessage(error).split('\n')[0]!;
}
