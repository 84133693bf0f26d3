// From parsed sources to the model's resources: each document goes to the
// input that recognises it.
import type { InputError, Resource } from '../core/types.js';
import { cloudFormationResources } from './cfn/resources.js';
import { dockerfileResources } from './dockerfile/resources.js';
import { iamPolicyResources } from './iam/resources.js';
import { kubernetesResources } from './k8s/resources.js';
import type { ParsedSource } from './source.js';
import { isTerraformPlan, planResources } from './terraform/plan.js';
import { terraformResources } from './terraform/resources.js';

export function resourcesOf(source: ParsedSource): { resources: Resource[]; errors: InputError[] } {
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
      return { resources: source.terraform ? terraformResources(source.terraform, source.file) : [], errors: [] };
    case 'dockerfile':
      return { resources: source.dockerfile ? dockerfileResources(source.dockerfile, source.file) : [], errors: [] };
  }
}
