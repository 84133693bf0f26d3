// From parsed sources to the model's resources: each document goes to the
// input that recognises it.
import path from 'node:path';
import type { InputError, Resource } from '../core/types.js';
import type { TerraformScope } from './terraform/file.js';
import { cloudFormationResources } from './cfn/resources.js';
import { dockerfileResources } from './dockerfile/resources.js';
import { iamPolicyResources } from './iam/resources.js';
import { kubernetesResources } from './k8s/resources.js';
import type { ParsedSource } from './source.js';
import { isTerraformPlan, planResources } from './terraform/plan.js';
import { terraformResources } from './terraform/resources.js';

export interface LoadContext {
  /** Variables and locals of each Terraform module (directory), merged over its files. */
  terraformScopes: Map<string, TerraformScope>;
}

function directoryOf(file: string): string {
  return path.posix.dirname(file.split('\\').join('/'));
}

/** A module's `var.x` may be declared in variables.tf and used in main.tf: scopes are per directory. */
export function loadContext(sources: readonly ParsedSource[]): LoadContext {
  const terraformScopes = new Map<string, TerraformScope>();
  for (const source of sources) {
    if (!source.terraform) continue;
    const dir = directoryOf(source.file);
    const scope = terraformScopes.get(dir) ?? { variables: {}, locals: {} };
    Object.assign(scope.variables, source.terraform.variables);
    Object.assign(scope.locals, source.terraform.locals);
    terraformScopes.set(dir, scope);
  }
  return { terraformScopes };
}

export function resourcesOf(source: ParsedSource, context?: LoadContext): { resources: Resource[]; errors: InputError[] } {
  switch (source.format) {
    case 'yaml': {
      const plans = source.documents.filter((d) => isTerraformPlan(d.value));
      const others = plans.length === 0 ? source.documents : source.documents.filter((d) => !plans.includes(d));
      const k8s = kubernetesResources(others, source.file);
      const cfn = cloudFormationResources(others, source.file);
      return {
        resources: [...k8s.resources, ...cfn.resources, ...iamPolicyResources(others, source.file), ...planResources(plans, source.file)],
        errors: [...k8s.errors, ...cfn.errors],
      };
    }
    case 'terraform':
      return {
        resources: source.terraform ? terraformResources(source.terraform, source.file, context?.terraformScopes.get(directoryOf(source.file))) : [],
        errors: [],
      };
    case 'dockerfile':
      return { resources: source.dockerfile ? dockerfileResources(source.dockerfile, source.file) : [], errors: [] };
  }
}
