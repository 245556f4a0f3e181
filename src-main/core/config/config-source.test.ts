import { describe, expect, it } from 'vitest';

import { createConfigSource, fixedConfig } from './config-source.js';
import { resolveConfig } from './load.js';

describe('config source', () => {
  it('hands every listener the new config, even when one of them throws', () => {
    const errors: unknown[] = [];
    const source = createConfigSource(resolveConfig({}, {}), (error) => errors.push(error));
    const seen: number[] = [];
    source.onChange(() => {
      throw new Error('listener broke');
    });
    const off = source.onChange((next) => seen.push(next.usage.refreshMs));
    source.replace(resolveConfig({ usage: { refresh: '120s' } }, {}));
    expect(source.current().usage.refreshMs).toBe(120_000);
    expect(seen).toEqual([120_000]);
    expect(errors).toEqual([new Error('listener broke')]);
    off();
    source.replace(resolveConfig({}, {}));
    expect(seen).toEqual([120_000]);
  });

  it('gives a CLI command a config that never changes', () => {
    const config = resolveConfig({}, {});
    const source = fixedConfig(config);
    expect(source.current()).toBe(config);
    expect(typeof source.onChange(() => undefined)).toBe('function');
  });
});
