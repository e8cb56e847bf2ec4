import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GALLERY_SENTENCES, galleryCards } from './gallery.ts';
import { describeExample } from './workspace.ts';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => describeExample({ path: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }));

describe('examples gallery', () => {
  it('every example has one clean sentence of its own', () => {
    for (const e of examples) {
      const s = GALLERY_SENTENCES[e.id];
      expect(s, e.id).toMatch(/^[A-Z][^.]*\.$/);
    }
    expect(new Set(Object.values(GALLERY_SENTENCES)).size).toBe(Object.keys(GALLERY_SENTENCES).length);
  });

  it('one card per service: examples of the same service are variants, not look-alike cards', () => {
    const cards = galleryCards(examples);
    const services = cards.map((c) => c.example.service);
    expect(new Set(services).size).toBe(services.length);
    const payment = cards.find((c) => c.example.id === 'payment-api');
    expect(payment?.variants.map((v) => v.example.id)).toEqual(['payment-api-pagerduty-demo', 'payment-api-with-envs']);
    expect(cards.reduce((n, c) => n + 1 + c.variants.length, 0)).toBe(examples.length);
  });
});
