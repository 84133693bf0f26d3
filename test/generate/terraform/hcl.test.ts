// The HCL writer: what it writes parses with HashiCorp's parser (hcl2json)
// to exactly the values it was given, whatever the strings hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { block, call, heredoc, ref, renderFile, template, top } from '../../../src/generate/terraform/hcl.js';
import { parseTerraform } from '../../../src/inputs/terraform/parse.js';

async function parse(text: string): Promise<Record<string, unknown>> {
  const { payload, errors } = await parseTerraform('test.tf', text);
  expect(errors).toEqual([]);
  return payload.json;
}

/**
 * What hcl2json reads back for a literal string: HCL normalizes string
 * literals to NFC, and hcl2json keeps template escapes (a literal `${` / `%{`
 * reads back as `$${` / `%%{`).
 */
function asHcl2json(text: string): string {
  return text.normalize('NFC').replace(/([$%])\{/g, '$1$1{');
}

const HOSTILE = [
  'plain',
  'quote " inside',
  'back\\slash\\',
  'interpolation ${var.secret} and ${jsonencode({})}',
  'directive %{ if true }x%{ endif }',
  'already escaped $${x} %%{y}',
  'new\nline\r\nand\ttab',
  'closing brace } and "} = { evil = true',
  'unicode ✓ and \u0000 nul and \u2028 separator',
  'EOT',
];

describe('HCL writer', () => {
  it('writes strings that read back exactly, however hostile', async () => {
    const body: Record<string, string> = {};
    HOSTILE.forEach((text, i) => {
      body[`v${i}`] = text;
    });
    const json = await parse(renderFile([top('locals', [], body)]));
    const locals = (json.locals as Array<Record<string, unknown>>)[0];
    expect(Object.keys(locals).sort()).toEqual(Object.keys(body).sort());
    HOSTILE.forEach((text, i) => expect(locals[`v${i}`]).toBe(asHcl2json(text)));
  });

  it('writes any string so that it reads back as itself (property)', async () => {
    const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 400, seed: 7 });
    const body = Object.fromEntries(samples.map((text, i) => [`s${i}`, text]));
    const json = await parse(renderFile([top('locals', [], body)]));
    const locals = (json.locals as Array<Record<string, unknown>>)[0];
    samples.forEach((text, i) => expect(locals[`s${i}`]).toBe(asHcl2json(text)));
  });

  it('quotes object keys, labels and template parts from input, and keeps heredocs literal', async () => {
    const key = 'kubernetes.io/cluster/"x" ${y}';
    const text = renderFile([
      top('resource', ['aws_s3_bucket', 'b'], {
        bucket: template('arn:aws:s3:::', ref('var.name'), '/${not-a-reference}"'),
        tags: { [key]: 'owned', Name: 'n' },
        policy: call('jsonencode', { 'detail-type': ['a'], nested: { n: 1, t: true } }),
        script: heredoc('line ${one}\n  EOT\n%{ two }\nEOT1x'),
        lifecycle: block({ ignore_changes: ref('[tags]') }),
      }),
    ]);
    const json = await parse(text);
    const bucket = (json.resource as any).aws_s3_bucket.b[0];
    expect(bucket.bucket).toBe('arn:aws:s3:::${var.name}/$${not-a-reference}"');
    expect(bucket.tags).toEqual({ [asHcl2json(key)]: 'owned', Name: 'n' });
    expect(bucket.script).toBe(`${asHcl2json('line ${one}\n  EOT\n%{ two }\nEOT1x')}\n`);
    expect(bucket.lifecycle).toEqual([{ ignore_changes: ['${tags}'] }]);
    expect(bucket.policy).toContain('"detail-type" = ["a"]');
  });

  it('lays attributes out like terraform fmt and refuses names that are not identifiers', () => {
    expect(renderFile([top('resource', ['t', 'n'], { a: 1, long_name: 'x', nested: block({}) })])).toBe(
      'resource "t" "n" {\n  a         = 1\n  long_name = "x"\n\n  nested {}\n}\n',
    );
    expect(() => renderFile([top('resource', ['t', 'n'], { 'bad name': 1 })])).toThrow(/identifier/);
    expect(() => renderFile([top('resource', ['t', 'n'], { n: Number.NaN })])).toThrow(/finite/);
  });
});
