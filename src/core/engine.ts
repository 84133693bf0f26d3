// Runs rules over the model. Fail-closed: a rule that throws is reported as a
// finding on the resource it was checking, never silently skipped.
import type { Finding, Model, Report, Resource, Rule } from './types.js';
import { pathString } from './values.js';
import { RULE_ERROR_ID } from './meta-rules.js';

export function runRules(model: Model, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const emit = (rule: Rule, checked: Resource | undefined, report: Report): void => {
    const resource = report.resource ?? checked;
    if (!resource) return;
    const path = report.path ?? [];
    const { line, column } = path.length > 0 ? resource.locate(path) : resource.position;
    const finding: Finding = {
      rule: rule.id,
      practice: rule.practice,
      severity: report.severity ?? rule.severity,
      message: report.message,
      file: resource.file,
      line,
      column,
      resource: { kind: resource.kind, namespace: resource.namespace, name: resource.name },
      path: pathString(path),
      suppressed: false,
      suppression: null,
    };
    const key = `${finding.rule}\u0000${finding.file}\u0000${line}:${column}\u0000${finding.resource.name}\u0000${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  const failed = (rule: Rule, resource: Resource | undefined, error: unknown): void => {
    const target = resource ?? model.resources[0];
    if (!target) return;
    emit({ ...rule, id: RULE_ERROR_ID, practice: rule.practice, severity: 'high' }, target, {
      message: `rule ${rule.id} failed (${errorText(error)}); ${resource ? 'this resource was' : 'the scan was'} not fully checked for ${rule.practice}`,
    });
  };

  for (const rule of rules) {
    if (rule.check) {
      for (const resource of model.resources) {
        if (!rule.inputs.includes(resource.input)) continue;
        try {
          for (const report of rule.check(resource, model)) emit(rule, resource, report);
        } catch (error) {
          failed(rule, resource, error);
        }
      }
    }
    if (rule.checkModel) {
      try {
        for (const report of rule.checkModel(model)) emit(rule, undefined, report);
      } catch (error) {
        failed(rule, undefined, error);
      }
    }
  }
  return findings;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
