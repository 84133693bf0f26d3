// Suppressions: from object annotations, `# guardrail:ignore` comments and
// the config file. Each needs a reason, may expire, and is reported when it
// has no reason, has expired, or matches nothing.
import picomatch from 'picomatch';
import { expiredSuppression, suppressionWithoutReason, unusedSuppression } from './meta-rules.js';
import type { Finding, Resource, ResourceRef, Rule, Suppression } from './types.js';
import { get, isRecord, pathString, str } from './values.js';
import { podSpecOf } from './kinds.js';

export const IGNORE_ANNOTATION = 'guardrail.dev/ignore';

export interface Directive {
  source: Suppression['kind'];
  ids: string[];
  reason: string;
  until?: string;
  /** Where the directive is written, for reporting on it. */
  file: string;
  line: number;
  column: number;
  resource: ResourceRef;
  /** Which findings it can cover. */
  scope: { file?: string; line?: number; resource?: Resource; match?: (f: Finding) => boolean };
}

export interface CommentDirective {
  /** Line of the comment. */
  line: number;
  /** Line the comment governs: the same line (trailing) or the next line of content. */
  target: number;
  column: number;
  ids: string[];
  reason: string;
  until?: string;
}

const UNTIL = /\s*\(?\buntil\s+(\d{4}-\d{2}-\d{2})\)?\s*$/i;

/** Splits "reason until 2027-03-31" into its parts. */
function reasonAndExpiry(text: string): { reason: string; until?: string } {
  const match = UNTIL.exec(text);
  if (!match) return { reason: text.trim() };
  return { reason: text.slice(0, match.index).trim().replace(/[,;-]$/, '').trim(), until: match[1] };
}

/** Parses the annotation value `ID: reason [until DATE][; ID2: reason …]`. */
export function parseIgnoreAnnotation(value: string): Array<{ ids: string[]; reason: string; until?: string }> {
  const entries = [];
  for (const part of value.split(/[;\n]/)) {
    const text = part.trim();
    if (text === '') continue;
    const colon = text.indexOf(':');
    const idText = colon < 0 ? text : text.slice(0, colon);
    const ids = idText.split(',').map((s) => s.trim()).filter(Boolean);
    entries.push({ ids, ...reasonAndExpiry(colon < 0 ? '' : text.slice(colon + 1)) });
  }
  return entries;
}

const COMMENT_DIRECTIVE = /(?:#|\/\/)[ \t]*guardrail:ignore[ \t]+([A-Za-z0-9_,-]+)(?:[ \t]+([^\r\n]*))?/;

/**
 * Finds `# guardrail:ignore ID reason` comments in a file's text. A comment
 * alone on its line governs the next line with content; a trailing comment
 * governs its own line.
 */
export function findCommentDirectives(text: string): CommentDirective[] {
  if (!text.includes('guardrail:ignore')) return [];
  const lines = text.split('\n');
  const directives: CommentDirective[] = [];
  lines.forEach((lineText, index) => {
    if (!lineText.includes('guardrail:ignore')) return;
    const match = COMMENT_DIRECTIVE.exec(lineText);
    if (!match) return;
    const before = lineText.slice(0, match.index).trim();
    let target = index + 1;
    if (before === '') {
      target = index + 2;
      while (target <= lines.length && /^\s*(#.*)?$/.test(lines[target - 1] ?? '')) target++;
    }
    const ids = match[1].split(',').filter(Boolean);
    // A further comment after the reason is not part of it.
    const reason = (match[2] ?? '').replace(/(?:^|\s)(?:#|\/\/).*$/, '');
    directives.push({ line: index + 1, target, column: match.index + 1, ids, ...reasonAndExpiry(reason) });
  });
  return directives;
}

/** Directives from the `guardrail.dev/ignore` annotation of a resource (or its pod template). */
export function annotationDirectives(resource: Resource): Directive[] {
  if (resource.input !== 'k8s') return [];
  const places: Array<ReadonlyArray<string | number>> = [['metadata', 'annotations']];
  const pod = podSpecOf(resource);
  if (pod && pod.metadataPath.length > 1) places.push([...pod.metadataPath, 'annotations']);
  const directives: Directive[] = [];
  for (const place of places) {
    const annotations = get(resource.value, place);
    if (!isRecord(annotations)) continue;
    const value = str(annotations[IGNORE_ANNOTATION]);
    if (value === undefined) continue;
    const position = resource.locate([...place, IGNORE_ANNOTATION]);
    for (const entry of parseIgnoreAnnotation(value)) {
      directives.push({
        source: 'annotation',
        ...entry,
        file: resource.file,
        ...position,
        resource: refOf(resource),
        scope: { resource },
      });
    }
  }
  return directives;
}

export function refOf(resource: Resource): ResourceRef {
  return { kind: resource.kind, namespace: resource.namespace, name: resource.name };
}

export interface ConfigSuppression {
  ids: string[];
  reason: string;
  until?: string;
  /** `Kind/namespace/name` or `Kind/name`, with globs. */
  resource?: string;
  /** File glob. */
  file?: string;
  line: number;
}

export function configDirectives(entries: ConfigSuppression[], configFile: string): Directive[] {
  return entries.map((entry) => {
    const resourceMatch = entry.resource ? picomatch(entry.resource, { dot: true }) : undefined;
    const fileMatch = entry.file ? picomatch(entry.file, { dot: true }) : undefined;
    return {
      source: 'config' as const,
      ids: entry.ids,
      reason: entry.reason,
      until: entry.until,
      file: configFile,
      line: entry.line,
      column: 1,
      resource: { kind: 'Config', name: configFile },
      scope: {
        match: (f: Finding) =>
          (!resourceMatch || resourceMatch(resourceLabel(f.resource)) || resourceMatch(`${f.resource.kind}/${f.resource.name}`)) &&
          (!fileMatch || fileMatch(f.file)),
      },
    };
  });
}

export function resourceLabel(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

function covers(directive: Directive, finding: Finding): boolean {
  if (!directive.ids.some((id) => id === finding.rule || id === finding.practice)) return false;
  const { scope } = directive;
  if (scope.file !== undefined && scope.file !== finding.file) return false;
  if (scope.line !== undefined && scope.line !== finding.line) return false;
  if (scope.resource !== undefined) {
    const r = scope.resource;
    if (r.file !== finding.file || r.kind !== finding.resource.kind || r.name !== finding.resource.name || r.namespace !== finding.resource.namespace) return false;
  }
  return scope.match ? scope.match(finding) : true;
}

/**
 * Marks the findings each valid directive covers, and returns findings about
 * the directives themselves (no reason, expired, unused or unknown id).
 */
export function applySuppressions(findings: Finding[], directives: Directive[], knownIds: ReadonlySet<string>, today: string): Finding[] {
  const meta: Finding[] = [];
  const report = (rule: Rule, d: Directive, message: string): void => {
    meta.push({
      rule: rule.id,
      practice: rule.practice,
      severity: rule.severity,
      message,
      file: d.file,
      line: d.line,
      column: d.column,
      resource: d.resource,
      path: d.source === 'annotation' ? pathString(['metadata', 'annotations', IGNORE_ANNOTATION]) : '',
      suppressed: false,
      suppression: null,
    });
  };
  for (const directive of directives) {
    const label = directive.ids.join(',') || '(no id)';
    if (directive.ids.length === 0 || directive.reason === '') {
      report(suppressionWithoutReason, directive, `suppression of ${label} gives no reason, so it does not apply`);
      continue;
    }
    if (directive.until && directive.until < today) {
      report(expiredSuppression, directive, `suppression of ${label} expired on ${directive.until} and no longer applies`);
      continue;
    }
    const unknown = directive.ids.filter((id) => !knownIds.has(id));
    const used = new Set<string>();
    for (const finding of findings) {
      if (finding.suppressed || !covers(directive, finding)) continue;
      finding.suppressed = true;
      finding.suppression = { kind: directive.source, reason: directive.reason, ...(directive.until ? { until: directive.until } : {}) };
      used.add(directive.ids.includes(finding.rule) ? finding.rule : finding.practice);
    }
    // Each id must earn its place: a dead id beside a live one is stale too.
    const unused = directive.ids.filter((id) => knownIds.has(id) && !used.has(id));
    if (unknown.length > 0) report(unusedSuppression, directive, `suppression names unknown rule or practice ${unknown.join(', ')}`);
    if (unused.length > 0) report(unusedSuppression, directive, `suppression of ${unused.join(', ')} matches no finding; remove it`);
  }
  return meta;
}
