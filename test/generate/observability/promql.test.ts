import { describe, expect, it } from 'vitest';
import { runbookUrl } from '../../../src/generate/observability/context.js';
import { anyOf, num, quote, selector } from '../../../src/generate/observability/promql.js';
import { renderAnnotation } from '../../../src/generate/observability/rule-files.js';

describe('PromQL text', () => {
  it('quotes label values so that no spec string can end the literal', () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(selector('up', [['namespace', '=', 'x"}) or vector(1) #'], ['pod', '=~', 'a.*']])).toBe(
      'up{namespace="x\\"}) or vector(1) #",pod=~"a.*"}',
    );
  });

  it('prints numbers without float noise', () => {
    expect(num(14.4 * 0.001)).toBe('0.0144');
    expect(num(0.1 * 3)).toBe('0.3');
    expect(num(1024 ** 3)).toBe('1073741824');
    expect(() => num(Number.NaN)).toThrow();
  });

  it('escapes regex metacharacters of literal alternatives', () => {
    expect(anyOf(['core.routing', 'a+b'])).toBe('core\\.routing|a\\+b');
  });
});

describe('alert text', () => {
  it('renders label references the way Prometheus does, and refuses unknown labels', () => {
    expect(renderAnnotation('pod {{ $labels.pod }} of {{ $labels.container }}', { pod: 'p-1', container: 'c' })).toBe('pod p-1 of c');
    expect(() => renderAnnotation('{{ $labels.missing }}', {})).toThrow(/missing/);
  });

  it('links every alert to its runbook page', () => {
    expect(runbookUrl('ServiceOOMKilled')).toBe('https://guardrail.dev/runbooks/serviceoomkilled');
  });
});
