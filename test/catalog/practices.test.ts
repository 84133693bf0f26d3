import { describe, it, expect } from 'vitest';
import { PRACTICES, PRACTICE_BY_ID, type Surface } from '../../src/catalog/practices.js';

const SURFACES: readonly Surface[] = ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile', 'kubelet', 'live-aws'];
const STATIC_SURFACES: readonly Surface[] = ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile'];

describe('practice catalog', () => {
  it('is not empty', () => {
    expect(PRACTICES.length).toBeGreaterThan(0);
  });

  it('has unique ids', () => {
    const ids = PRACTICES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses well-formed ids', () => {
    for (const p of PRACTICES) {
      expect(p.id, p.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    }
  });

  it('keeps titles short and non-empty', () => {
    for (const p of PRACTICES) {
      expect(p.title.trim().length, p.id).toBeGreaterThan(0);
      expect(p.title.length, p.id).toBeLessThanOrEqual(60);
    }
  });

  it('gives every practice a description different from its title', () => {
    for (const p of PRACTICES) {
      expect(p.description.trim().length, p.id).toBeGreaterThan(0);
      expect(p.description.trim(), p.id).not.toBe(p.title.trim());
    }
  });

  it('names at least one known surface for every practice', () => {
    for (const p of PRACTICES) {
      expect(p.where.length, p.id).toBeGreaterThan(0);
      expect(new Set(p.where).size, p.id).toBe(p.where.length);
      for (const s of p.where) expect(SURFACES, p.id).toContain(s);
    }
  });

  it('explains a limitation wherever no static input shows the practice', () => {
    for (const p of PRACTICES) {
      if (!p.where.some((s) => STATIC_SURFACES.includes(s))) {
        expect(p.limitation?.trim().length ?? 0, p.id).toBeGreaterThan(0);
      }
    }
  });

  it('has no empty optional texts', () => {
    for (const p of PRACTICES) {
      if (p.generates !== undefined) expect(p.generates.trim().length, p.id).toBeGreaterThan(0);
      if (p.limitation !== undefined) expect(p.limitation.trim().length, p.id).toBeGreaterThan(0);
    }
  });

  it('indexes every practice by id', () => {
    expect(PRACTICE_BY_ID.size).toBe(PRACTICES.length);
    for (const p of PRACTICES) expect(PRACTICE_BY_ID.get(p.id)).toBe(p);
  });
});
