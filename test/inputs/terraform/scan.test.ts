import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { jsonencodeArgument, MAX_NESTING, nodeAt, scanPositions, ScanLimitError, type PositionNode } from '../../../src/inputs/terraform/scan.js';

function at(root: PositionNode, ...path: Array<string | number>): [number, number] {
  const node = nodeAt(root, path);
  return [node.l, node.c];
}

describe('scanPositions', () => {
  const text = [
    'resource "aws_s3_bucket" "logs" {', // 1
    '  bucket = "logs-${var.env}" # a { brace in a comment', // 2
    '  tags = {', // 3
    '    team          = "core"', // 4
    '    "cost-center" = "42"', // 5
    '  }', // 6
    '  lifecycle_rule { id = "a" }', // 7
    '  lifecycle_rule {', // 8
    '    id = "b" // }', // 9
    '    /* } { */ enabled = true', // 10
    '  }', // 11
    '  cidrs = [', // 12
    '    "10.0.0.0/8",', // 13
    '    "192.168.0.0/16"', // 14
    '  ]', // 15
    '}', // 16
    'terraform {', // 17
    '  backend "s3" {', // 18
    '    key = "state"', // 19
    '  }', // 20
    '}', // 21
  ].join('\n');
  const root = scanPositions(text);

  it('positions attributes at their names and blocks at their headers, keyed like hcl2json', () => {
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0)).toEqual([1, 1]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'bucket')).toEqual([2, 3]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'tags')).toEqual([3, 3]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'tags', 'team')).toEqual([4, 5]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'tags', 'cost-center')).toEqual([5, 5]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'lifecycle_rule', 0, 'id')).toEqual([7, 20]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'lifecycle_rule', 1)).toEqual([8, 3]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'lifecycle_rule', 1, 'id')).toEqual([9, 5]);
    expect(at(root, "resource", "aws_s3_bucket", "logs", 0, "lifecycle_rule", 1, "enabled")).toEqual([10, 15]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'cidrs', 1)).toEqual([14, 5]);
    expect(at(root, 'terraform', 0, 'backend', 's3', 0, 'key')).toEqual([19, 5]);
  });

  it('falls back to the nearest ancestor for a path it does not know', () => {
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'lifecycle_rule', 5, 'id')).toEqual([7, 3]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'versioning')).toEqual([1, 1]);
    expect(at(root, 'resource', 'aws_s3_bucket', 'logs', 0, 'tags', 'team', 'deeper')).toEqual([4, 5]);
  });

  it('skips strings, interpolations and heredocs without losing track of braces', () => {
    const tricky = [
      'locals {', // 1
      '  a = "}\\" { ${ "}" } ${ {x = "{"}["x"] }"', // 2
      '  b = <<-EOT', // 3
      '    } not the end', // 4
      '    ${ join("", [', // 5
      '    EOT', // 6: inside the interpolation, a reference, not the end (as HCL reads it)
      '    ]) }', // 7
      '    EOT', // 8
      '  c = "%{ if true }}%{ endif }"', // 9
      '  d = 1', // 10
      '}', // 11
      'output "x" { value = local.d }', // 12
    ].join('\n');
    const node = scanPositions(tricky);
    expect(at(node, 'locals', 0, 'b')).toEqual([3, 3]);
    expect(at(node, 'locals', 0, 'c')).toEqual([9, 3]);
    expect(at(node, 'locals', 0, 'd')).toEqual([10, 3]);
    expect(at(node, 'output', 'x', 0, 'value')).toEqual([12, 14]);
  });

  it('follows jsonencode arguments and JSON heredocs into their keys and items', () => {
    const text = [
      'resource "aws_iam_policy" "p" {', // 1
      '  policy = jsonencode({', // 2
      '    Statement = [{', // 3
      '      Action = ["s3:GetObject"]', // 4
      '    }]', // 5
      '  })', // 6
      '  heredoc = <<EOF', // 7
      '{"Statement": [', // 8
      '  {"Action": "s3:*", "Resource": "*"}', // 9
      ']}', // 10
      'EOF', // 11
      '}', // 12
    ].join('\n');
    const node = nodeAt(scanPositions(text), ['resource', 'aws_iam_policy', 'p', 0]);
    expect(at(node, 'policy', 'Statement', 0, 'Action', 0)).toEqual([4, 17]);
    expect(at(node, 'heredoc', 'Statement', 0)).toEqual([9, 3]);
    expect(at(node, 'heredoc', 'Statement', 0, 'Resource')).toEqual([9, 22]);
  });

  it('refuses nesting past the limit with the offset of the level that crossed it', () => {
    const ok = `x = ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\n`;
    expect(() => scanPositions(ok)).not.toThrow();
    const deep = `a = 1\nx = ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}\n`;
    let error: unknown;
    try {
      scanPositions(deep);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScanLimitError);
    expect((error as ScanLimitError).offset).toBe(10 + MAX_NESTING);
    expect((error as ScanLimitError).message).toBe('nesting deeper than 100 levels');
  });

  it('counts blocks, interpolations and template directives as nesting', () => {
    expect(() => scanPositions('a {\n'.repeat(MAX_NESTING + 1))).toThrow(ScanLimitError);
    expect(() => scanPositions(`x = "${'${"'.repeat(MAX_NESTING + 1)}"\n`)).toThrow(ScanLimitError);
    expect(() => scanPositions(`x = "${'%{if a}'.repeat(MAX_NESTING + 1)}"\n`)).toThrow(ScanLimitError);
    expect(() => scanPositions(`x = "${'%{if a}x%{endif}'.repeat(MAX_NESTING + 1)}"\n`)).not.toThrow();
  });

  it('refuses long operator chains that hcl2json would recurse on', () => {
    expect(() => scanPositions(`x = ${'-'.repeat(100)}1\n`)).not.toThrow();
    expect(() => scanPositions(`x = ${'- '.repeat(101)}1\n`)).toThrow('more than 100 prefix operators in a row');
    expect(() => scanPositions(`x = ${'a ? 1 : '.repeat(1001)}2\n`)).toThrow('more than 1000 conditionals in one attribute');
    expect(() => scanPositions(`x = a${'[*]'.repeat(1001)}\n`)).toThrow('more than 1000 splat operators in one attribute');
    // Counters start again at each attribute.
    expect(() => scanPositions(`x = ${'a ? 1 : '.repeat(600)}2\ny = ${'a ? 1 : '.repeat(600)}2\n`)).not.toThrow();
  });

  it('always terminates and throws nothing but ScanLimitError on arbitrary text', () => {
    const alphabet = fc.constantFrom(...'{}[]()"\'\\$%#/*<-=:,?!~.\n \tEOF ab1'.split(''), '<<EOF\n', '<<-EOF\n', '${', '%{', '/*', '*/', '//', 'jsonencode(');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
        try {
          scanPositions(parts.join(''));
        } catch (error) {
          if (!(error instanceof ScanLimitError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is linear: a 4 MiB file (45,000 blocks) scans in seconds, not minutes', () => {
    const block = 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.y}"\n  tags = { a = "b", c = [1, 2] }\n}\n';
    const text = block.repeat(Math.ceil((4 * 1024 * 1024) / block.length));
    const started = performance.now();
    const root = scanPositions(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(root.k?.resource.k?.aws_s3_bucket.k?.b.i?.length).toBe(Math.ceil((4 * 1024 * 1024) / block.length));
  });
});

describe('jsonencodeArgument', () => {
  it('returns the argument of an expression that is exactly one jsonencode call', () => {
    expect(jsonencodeArgument('${jsonencode({ a = 1 })}')).toBe('{ a = 1 }');
    expect(jsonencodeArgument('jsonencode([1, ")"])')).toBe('[1, ")"]');
    expect(jsonencodeArgument('${jsonencode(\n  {\n    a = "(" # )\n  }\n)}')).toBe('{\n    a = "(" # )\n  }');
    expect(jsonencodeArgument('${jsonencode(local.policy)}')).toBe('local.policy');
  });

  it('is undefined for anything else', () => {
    expect(jsonencodeArgument('${jsonencode(a)}-${jsonencode(b)}')).toBeUndefined();
    expect(jsonencodeArgument('${jsonencode(a, b)}')).toBeUndefined();
    expect(jsonencodeArgument('${jsonencode(a)[0]}')).toBeUndefined();
    expect(jsonencodeArgument('${jsonencode()}')).toBeUndefined();
    expect(jsonencodeArgument('${jsonencode({a = 1}')).toBeUndefined();
    expect(jsonencodeArgument('${yamlencode({})}')).toBeUndefined();
    expect(jsonencodeArgument('prefix ${jsonencode({})}')).toBeUndefined();
    expect(jsonencodeArgument(`\${jsonencode(${'['.repeat(MAX_NESTING + 1)})}`)).toBeUndefined();
  });
});
