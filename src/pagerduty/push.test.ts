import { describe, expect, it } from 'vitest';
import { differences, resolveRefs } from './push.ts';

describe('differences between the desired and the existing PagerDuty object', () => {
  it('fields PagerDuty adds (ids, self links, summaries) are not differences', () => {
    expect(
      differences(
        { name: 'a', teams: [{ id: 'PT1', type: 'team_reference' }] },
        { id: 'PE1', self: 'https://x', name: 'a', teams: [{ id: 'PT1', type: 'team_reference', summary: 'a' }] },
      ),
    ).toEqual([]);
  });

  it('a changed number is reported with its path, old and new value', () => {
    expect(differences({ num_loops: 3 }, { num_loops: 1 })).toEqual(['num_loops: 1 → 3']);
  });

  it('arrays must match element by element and in length', () => {
    expect(differences({ rules: [{ d: 5 }, { d: 15 }] }, { rules: [{ d: 5 }, { d: 10 }] })).toEqual(['rules[1].d: 10 → 15']);
    expect(differences({ rules: [1, 2] }, { rules: [1] })).toEqual(['rules: [1] → [1,2]']);
  });

  it('a null we want matches a field PagerDuty leaves out', () => {
    expect(differences({ acknowledgement_timeout: null }, {})).toEqual([]);
  });
});

describe('resolveRefs', () => {
  it('replaces ref: strings by the ids found for them, anywhere in the body', () => {
    const ids = new Map([
      ['schedules/a-primary', 'PS1'],
      ['teams/a', 'PT1'],
    ]);
    expect(resolveRefs({ targets: [{ id: 'ref:schedules/a-primary' }], teams: [{ id: 'ref:teams/a' }], name: 'ref-free' }, ids)).toEqual({
      targets: [{ id: 'PS1' }],
      teams: [{ id: 'PT1' }],
      name: 'ref-free',
    });
  });

  it('an unresolved reference is a bug, not a silent empty id', () => {
    expect(() => resolveRefs({ id: 'ref:schedules/nope' }, new Map())).toThrow(/unresolved PagerDuty reference/);
  });
});
