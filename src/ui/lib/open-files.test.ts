import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importSpecs } from '../../core/index.ts';
import { importOutcome, isNthLayerSpec } from './open-files.ts';

const file = (path: string) => ({ path: path.split('/').pop()!, text: readFileSync(path, 'utf8') });

describe('opening files in the studio', () => {
  it('tells NthLayer specs from Sloth specs, whose service is a plain name', () => {
    expect(isNthLayerSpec(readFileSync('examples/payment-api.yaml', 'utf8'))).toBe(true);
    expect(isNthLayerSpec(readFileSync('tests/fixtures/import/sloth/checkout.sloth.yaml', 'utf8'))).toBe(false);
  });

  it('a Sloth file opens as its spec, with the notes of its own source file', () => {
    const files = [file('tests/fixtures/import/sloth/checkout.sloth.yaml'), file('tests/fixtures/import/pyrra/objectives.pyrra.yaml')];
    const o = importOutcome(files, importSpecs(files.map((f) => ({ file: f.path, text: f.text }))));
    expect(o.docs.map((d) => d.file.path)).toEqual(['checkout.yaml', 'storefront.yaml', 'storefront-api.yaml']);
    expect(new Set(o.docs[0]!.notes.diagnostics.map((d) => d.file))).toEqual(new Set(['checkout.sloth.yaml']));
    expect(o.notice).toEqual({
      kind: 'info',
      text: expect.stringMatching(
        /^Imported 7 SLOs from checkout\.sloth\.yaml, objectives\.pyrra\.yaml as checkout\.yaml, storefront\.yaml, storefront-api\.yaml\. 0 errors and \d+ warnings of the import are listed under Problems\.$/,
      ),
    });
  });

  it('a file that could not be imported at all says why; an unknown YAML opens as it is', () => {
    const bad = [
      {
        path: 'p.sloth.yaml',
        text: 'version: prometheus/v1\nservice: x\nslos:\n  - name: a\n    objective: 100\n    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}\n',
      },
    ];
    const o = importOutcome(bad, importSpecs(bad.map((f) => ({ file: f.path, text: f.text }))));
    expect(o.docs).toEqual([]);
    expect(o.notice.kind).toBe('error');
    expect(o.notice.text).toMatch(
      /^Nothing could be imported from p\.sloth\.yaml: p\.sloth\.yaml:5:16 objective 100% leaves no error budget/,
    );
    const other = [{ path: 'x.yaml', text: 'groups: []\n' }];
    expect(importOutcome(other, importSpecs([{ file: 'x.yaml', text: 'groups: []\n' }])).asIs).toEqual(other);
  });
});
