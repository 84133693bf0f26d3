import { at, describe, flag, isBlank, isModule, setting, textOf } from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, list } from '../../core/values.js';

/** Registry scanning frequencies that scan new images without anyone asking. */
const AUTOMATIC = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

/** ECR wildcard filters: `*` matches any run of characters. Linear, no regex. */
function wildcardMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

type Verdict = 'covered' | 'unknown' | 'none';

/** Whether a registry scanning configuration of the scan (it is registry-wide) scans the repository automatically. */
function registryCoverage(model: Model, repository: string | undefined): Verdict {
  let unknown = false;
  const configurations = [...model.ofKind('aws_ecr_registry_scanning_configuration'), ...model.ofKind('AWS::ECR::RegistryScanningConfiguration')];
  for (const configuration of configurations) {
    const cfn = configuration.input === 'cfn';
    const rules = setting(configuration, cfn ? 'Rules' : 'rule');
    if (!Array.isArray(rules)) {
      unknown ||= !isBlank(configuration, rules);
      continue;
    }
    for (const rule of rules) {
      const frequency = textOf(configuration, get(rule, [cfn ? 'ScanFrequency' : 'scan_frequency']));
      if (frequency === undefined) unknown = true;
      if (frequency === undefined || !AUTOMATIC.has(frequency)) continue;
      const filters = get(rule, [cfn ? 'RepositoryFilters' : 'repository_filter']);
      if (!Array.isArray(filters)) unknown = true;
      for (const filter of list(filters)) {
        const pattern = textOf(configuration, get(filter, [cfn ? 'Filter' : 'filter']));
        if (pattern === '*') return 'covered';
        if (pattern === undefined || repository === undefined) unknown = true;
        else if (wildcardMatches(pattern, repository)) return 'covered';
      }
    }
  }
  return unknown ? 'unknown' : 'none';
}

/** Reports a repository that does not scan on push; `path` is the setting's path when it is written out. */
function* report(resource: Resource, model: Model, path: KeyPath | undefined, field: string, nameField: string): Iterable<Report> {
  const raw = setting(resource, nameField);
  const repository = isBlank(resource, raw) ? undefined : textOf(resource, raw);
  if (registryCoverage(model, repository) !== 'none') return;
  const cfn = resource.input === 'cfn';
  yield {
    path: at(resource, ...(path ?? [])),
    message: `${describe(resource)} does not scan images on push and no registry scanning rule covers it: set ${field} to true or add a registry scanning rule (${cfn ? 'AWS::ECR::RegistryScanningConfiguration' : 'aws_ecr_registry_scanning_configuration'})`,
  };
}

export const ecrScanOnPush: Rule = {
  id: 'ecr-scan-on-push',
  practice: 'SUP-IMAGE-SCAN',
  severity: 'medium',
  title: 'ECR scans images for vulnerabilities on push',
  rationale:
    'An image with a known-exploitable library (a vulnerable OpenSSL, log4j) is as exposed in production as in the registry; scanning on push is the last automatic check before it can be pulled, and it gives CI and admission policies a result to refuse. Without it, nothing tells the team that a pushed image ships a published CVE.',
  remediation:
    'Terraform: `image_scanning_configuration { scan_on_push = true }` on `aws_ecr_repository`, or, better, one `aws_ecr_registry_scanning_configuration` with `scan_type = "ENHANCED"` (Amazon Inspector) and a rule `{ scan_frequency = "CONTINUOUS_SCAN" repository_filter { filter = "*" filter_type = "WILDCARD" } }`. CloudFormation: `ImageScanningConfiguration: {ScanOnPush: true}` on `AWS::ECR::Repository` or an `AWS::ECR::RegistryScanningConfiguration`. Fail CI on HIGH/CRITICAL findings (Trivy) as well.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.input === 'terraform' && resource.kind === 'aws_ecr_repository') {
      const scanOnPush = setting(resource, 'image_scanning_configuration', 0, 'scan_on_push');
      const path = scanOnPush === undefined ? undefined : ['image_scanning_configuration', 0, 'scan_on_push'];
      if (flag(resource, scanOnPush, false) === false) yield* report(resource, model, path, 'image_scanning_configuration.scan_on_push', 'name');
    } else if (resource.input === 'cfn' && resource.kind === 'AWS::ECR::Repository') {
      const scanOnPush = setting(resource, 'ImageScanningConfiguration', 'ScanOnPush');
      const path = scanOnPush === undefined ? undefined : ['ImageScanningConfiguration', 'ScanOnPush'];
      if (flag(resource, scanOnPush, false) === false) yield* report(resource, model, path, 'ImageScanningConfiguration.ScanOnPush', 'RepositoryName');
    } else if (isModule(resource, 'ecr')) {
      // The module scans on push unless told not to.
      const scanOnPush = setting(resource, 'repository_image_scan_on_push');
      if (!isBlank(resource, scanOnPush) && flag(resource, scanOnPush, true) === false) yield* report(resource, model, ['repository_image_scan_on_push'], 'repository_image_scan_on_push', 'repository_name');
    }
  },
};
