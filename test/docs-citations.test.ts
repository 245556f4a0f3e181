// Comments cite the outside facts the code relies on as `docs/<file>.md#<heading>`. This keeps every
// such citation true: the file exists and the heading is there, so a renamed section cannot leave
// code pointing at nothing. Links between the docs are held to the same rule, the files the docs
// name must exist, and nothing cites the team's REFERENCE.md, which lives outside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const SCANNED = [
  ...['src-main', 'src-shared', 'src-renderer', 'test', 'e2e', 'scripts', 'bench', '.ci'],
  ...['README.md', 'eslint.config.js', 'vitest.config.ts', 'playwright.config.ts', 'vite.config.ts'],
];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|md|sh)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', 'out', 'cli-logs']);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (outside fenced code), with GitHub's -1, -2 for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const match = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (!match) continue;
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** `docs/<file>.md` or `docs/<file>.md#<anchor>` citations in a text, not as part of a longer path. */
function citations(text: string): { file: string; anchor: string | null }[] {
  return [...text.matchAll(/(?<![\w./-])docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)].map((m) => ({
    file: m[1]!,
    anchor: m[2] ?? null,
  }));
}

/** The text files under `entry` (or `entry` itself); `.ci/run` and the like have no extension. */
function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) return existsSync(full) ? [entry] : [];
  return readdirSync(full, { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(entry, d.name);
    if (d.isDirectory()) return SKIPPED_DIRS.has(d.name) ? [] : files(rel);
    return SOURCE.test(d.name) || !d.name.includes('.') ? [rel] : [];
  });
}

function problem(docFile: string, anchor: string | null): string | null {
  let markdown: string;
  try {
    markdown = readFileSync(path.join(ROOT, 'docs', docFile), 'utf8');
  } catch {
    return `docs/${docFile} does not exist`;
  }
  if (anchor && !anchors(markdown).has(anchor)) return `docs/${docFile} has no heading #${anchor}`;
  return null;
}

describe('docs citations', () => {
  it('reads anchors and citations the way GitHub renders them', () => {
    expect(slug('`originator`: why clawbar sends its own name')).toBe('originator-why-clawbar-sends-its-own-name');
    expect(slug('Errors and Retry-After')).toBe('errors-and-retry-after');
    expect([...anchors('# T\n## Notes\n```\n## not a heading\n```\n## Notes\n')]).toEqual(['t', 'notes', 'notes-1']);
    expect(citations('see docs/codex-cli.md#token-refresh, docs/keychain.md and foo/docs/x.md')).toEqual([
      { file: 'codex-cli.md', anchor: 'token-refresh' },
      { file: 'keychain.md', anchor: null },
    ]);
  });

  it('every docs/…md citation in code, tests and the README names an existing file and heading', () => {
    const broken: string[] = [];
    let count = 0;
    for (const file of SCANNED.flatMap(files)) {
      if (file === path.join('test', 'docs-citations.test.ts')) continue;
      for (const cite of citations(readFileSync(path.join(ROOT, file), 'utf8'))) {
        count++;
        const why = problem(cite.file, cite.anchor);
        if (why) broken.push(`${file}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
    // The scan really reaches the code: the comments cite docs/ in dozens of places.
    expect(count).toBeGreaterThan(20);
  });

  it('links between the docs point at existing files and headings', () => {
    const broken: string[] = [];
    for (const doc of readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
      for (const m of text.matchAll(/\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)/g)) {
        const why = problem(m[1] ?? doc, m[2] ?? null);
        if (why) broken.push(`docs/${doc}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the repository paths the docs name exist', () => {
    const missing: string[] = [];
    for (const doc of readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
      for (const m of text.matchAll(/`((?:src-main|src-shared|src-renderer|test|e2e|scripts|bench)\/[\w./-]+)`/g)) {
        if (!existsSync(path.join(ROOT, m[1]!))) missing.push(`docs/${doc}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no code cites REFERENCE.md, which is not in the repository', () => {
    const offenders = SCANNED.flatMap(files).filter(
      (file) =>
        file !== path.join('test', 'docs-citations.test.ts') &&
        /\bREFERENCE\.md\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
