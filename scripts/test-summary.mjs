#!/usr/bin/env node
// Adds up the Vitest and Playwright JSON reports into one closing line: `N passed, N failed, N skipped`.
import { readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
const read = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};
const vitest = read(vitestFile);
const playwright = read(playwrightFile);
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0);
// A file that failed before any test ran (a broken import, a failing beforeAll) counts as one failure.
const brokenFiles = (vitest?.testResults ?? []).filter(
  (file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed'),
).length;
const failed =
  (vitest?.numFailedTests ?? 0) +
  brokenFiles +
  (playwright?.stats?.unexpected ?? 0) +
  (playwright?.errors?.length ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);
console.log(`vitest ${vitest ? 'ran' : 'did not report'}, playwright ${playwright ? 'ran' : 'did not report'}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
