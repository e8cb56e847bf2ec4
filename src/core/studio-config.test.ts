import { describe, expect, it } from 'vitest';
import { parseStudioConfig, renderStudioConfig } from './studio-config.ts';

describe('studio config', () => {
  it('round-trips both answers', () => {
    expect(parseStudioConfig(renderStudioConfig({ proxy: true }))).toEqual({ proxy: true });
    expect(parseStudioConfig(renderStudioConfig({ proxy: false }))).toEqual({ proxy: false });
  });

  it('reads anything that is not a config (an HTML fallback page, a string, a missing field) as no config', () => {
    for (const text of ['<!doctype html><html></html>', '"proxy"', '{"proxy":"yes"}', '{}', '[true]', 'null', '']) {
      expect(parseStudioConfig(text), text).toBeUndefined();
    }
  });
});
