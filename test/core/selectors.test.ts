import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  labelSelectorMatches,
  mapSelectorMatches,
  parseLabelSelector,
  selectorMatches,
  selectsEverything,
} from '../../src/core/selectors.js';

const labels = { app: 'core-routing', tier: 'backend', version: '2' };

describe('parseLabelSelector', () => {
  it('treats null and absent as a selector that matches nothing', () => {
    for (const value of [undefined, null]) {
      const parsed = parseLabelSelector(value);
      expect(parsed).toEqual({ ok: true, selector: null });
      expect(labelSelectorMatches(value, labels)).toBe(false);
      expect(labelSelectorMatches(value, {})).toBe(false);
    }
  });

  it('treats {} and empty lists as a selector that matches everything', () => {
    for (const value of [{}, { matchLabels: {} }, { matchExpressions: [] }, { matchLabels: null, matchExpressions: null }]) {
      const parsed = parseLabelSelector(value);
      expect(parsed.ok && selectsEverything(parsed.selector)).toBe(true);
      expect(labelSelectorMatches(value, labels)).toBe(true);
      expect(labelSelectorMatches(value, {})).toBe(true);
    }
  });

  it('rejects what the API server rejects', () => {
    const invalid: unknown[] = [
      'app=core-routing',
      [],
      { matchLabels: ['app'] },
      { matchLabels: { app: { nested: true } } },
      { matchExpressions: {} },
      { matchExpressions: ['app'] },
      { matchExpressions: [{ operator: 'Exists' }] },
      { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] },
      { matchExpressions: [{ key: 'app', operator: 'in', values: ['x'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In' }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] },
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['x'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: 'x' }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: [{ a: 1 }] }] },
    ];
    for (const value of invalid) {
      expect(parseLabelSelector(value).ok, JSON.stringify(value)).toBe(false);
      expect(labelSelectorMatches(value, labels)).toBe(false);
    }
  });

  it('points at the offending key of an invalid selector', () => {
    const parsed = parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Nope' }] });
    expect(parsed).toMatchObject({ ok: false, path: ['matchExpressions', 1, 'operator'] });
  });
});

describe('label selector matching', () => {
  it('matchLabels requires every pair', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'core-routing' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'core-routing', tier: 'backend' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'core-routing', tier: 'frontend' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { team: 'x' } }, labels)).toBe(false);
  });

  it('compares unquoted YAML scalars as text', () => {
    expect(labelSelectorMatches({ matchLabels: { version: 2 } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'version', operator: 'In', values: [2, 3] }] }, labels)).toBe(true);
  });

  it('In needs the key present with one of the values', () => {
    const sel = (values: string[]) => ({ matchExpressions: [{ key: 'tier', operator: 'In', values }] });
    expect(labelSelectorMatches(sel(['backend', 'frontend']), labels)).toBe(true);
    expect(labelSelectorMatches(sel(['frontend']), labels)).toBe(false);
    expect(labelSelectorMatches(sel(['backend']), { app: 'x' })).toBe(false);
  });

  it('NotIn matches objects without the key', () => {
    const sel = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] };
    expect(labelSelectorMatches(sel, labels)).toBe(true);
    expect(labelSelectorMatches(sel, { app: 'x' })).toBe(true);
    expect(labelSelectorMatches(sel, { tier: 'frontend' })).toBe(false);
  });

  it('Exists and DoesNotExist look only at the key', () => {
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] }, { tier: '' })).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  it('ANDs matchLabels with matchExpressions', () => {
    const sel = {
      matchLabels: { app: 'core-routing' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }, { key: 'canary', operator: 'DoesNotExist' }],
    };
    expect(labelSelectorMatches(sel, labels)).toBe(true);
    expect(labelSelectorMatches(sel, { ...labels, canary: 'true' })).toBe(false);
    expect(labelSelectorMatches(sel, { ...labels, app: 'other' })).toBe(false);
  });

  it('does not read inherited properties as labels', () => {
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(false);
    expect(mapSelectorMatches({ constructor: 'x' }, {})).toBe(false);
  });
});

describe('mapSelectorMatches', () => {
  it('needs every entry equal', () => {
    expect(mapSelectorMatches({ app: 'core-routing' }, labels)).toBe(true);
    expect(mapSelectorMatches({ app: 'core-routing', tier: 'frontend' }, labels)).toBe(false);
    expect(mapSelectorMatches({ version: 2 }, labels)).toBe(true);
  });
  it('matches everything when empty, nothing when not a map', () => {
    expect(mapSelectorMatches({}, labels)).toBe(true);
    expect(mapSelectorMatches(undefined, labels)).toBe(false);
    expect(mapSelectorMatches(['app'], labels)).toBe(false);
    expect(mapSelectorMatches({ app: ['core-routing'] }, labels)).toBe(false);
  });
});

describe('properties', () => {
  const key = fc.constantFrom('app', 'tier', 'team', 'version');
  const value = fc.constantFrom('a', 'b', 'c');
  const labelSet = fc.dictionary(key, value);

  it('matchLabels agrees with mapSelectorMatches', () => {
    fc.assert(
      fc.property(labelSet, labelSet, (selector, object) => {
        expect(labelSelectorMatches({ matchLabels: selector }, object)).toBe(mapSelectorMatches(selector, object));
      }),
    );
  });

  it('NotIn is the negation of In, and DoesNotExist of Exists', () => {
    fc.assert(
      fc.property(key, fc.uniqueArray(value, { minLength: 1 }), labelSet, (k, values, object) => {
        const inSel = parseLabelSelector({ matchExpressions: [{ key: k, operator: 'In', values }] });
        const notIn = parseLabelSelector({ matchExpressions: [{ key: k, operator: 'NotIn', values }] });
        const exists = parseLabelSelector({ matchExpressions: [{ key: k, operator: 'Exists' }] });
        const absent = parseLabelSelector({ matchExpressions: [{ key: k, operator: 'DoesNotExist' }] });
        if (!inSel.ok || !notIn.ok || !exists.ok || !absent.ok) throw new Error('valid selectors did not parse');
        expect(selectorMatches(notIn.selector, object)).toBe(!selectorMatches(inSel.selector, object));
        expect(selectorMatches(absent.selector, object)).toBe(!selectorMatches(exists.selector, object));
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), labelSet, (selector, object) => {
        expect(typeof labelSelectorMatches(selector, object)).toBe('boolean');
        expect(typeof mapSelectorMatches(selector, object)).toBe('boolean');
      }),
    );
  });
});
