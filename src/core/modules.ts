// Infrastructure "root modules": the unit account-level practices are judged
// on. A Terraform root module is a directory of .tf files that no other
// scanned module uses as a child (`source = "./modules/x"`); a CloudFormation
// template is its own unit.
import path from 'node:path';
import type { Model, Report, Resource, Severity } from './types.js';
import { get, str } from './values.js';

export interface InfrastructureModule {
  /** The directory (Terraform) or template file (CloudFormation). */
  id: string;
  input: 'terraform' | 'cfn';
  resources: Resource[];
}

const cache = new WeakMap<Model, InfrastructureModule[]>();

function directoryOf(file: string): string {
  return path.posix.dirname(file.split('\\').join('/'));
}

export function infrastructureModules(model: Model): InfrastructureModule[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const byId = new Map<string, InfrastructureModule>();
  const children = new Set<string>();
  for (const resource of model.resources) {
    if (resource.input !== 'terraform' && resource.input !== 'cfn') continue;
    // Plan JSON describes a whole configuration: its file is the unit.
    const id = resource.input === 'terraform' && !resource.file.endsWith('.json') ? directoryOf(resource.file) : resource.file;
    let unit = byId.get(id);
    if (!unit) byId.set(id, (unit = { id, input: resource.input, resources: [] }));
    unit.resources.push(resource);
    if (resource.input === 'terraform' && resource.kind === 'module') {
      const source = str(get(resource.value, ['source']));
      if (source && (source.startsWith('./') || source.startsWith('../'))) children.add(path.posix.normalize(path.posix.join(id, source)));
    }
  }
  const result = [...byId.values()].filter((unit) => !children.has(unit.id));
  cache.set(model, result);
  return result;
}

/** A finding about a module as a whole, at its first resource. */
export function moduleReport(unit: InfrastructureModule, message: string, severity: Severity = 'low'): Report {
  return { resource: unit.resources[0], message, severity };
}

/** Resources of the given kinds (Terraform types or CloudFormation types) in a module. */
export function resourcesOfKind(unit: InfrastructureModule, ...kinds: string[]): Resource[] {
  return unit.resources.filter((r) => kinds.includes(r.kind));
}
