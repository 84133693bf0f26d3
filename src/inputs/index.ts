// From parsed sources to the model's resources: each document goes to the
// input that recognises it.
import type { InputError, Resource } from '../core/types.js';
import { cloudFormationResources } from './cfn/resources.js';
import { dockerfileResources } from './dockerfile/resources.js';
import { iamPolicyResources } from './iam/resources.js';
import { kubernetesResources } from './k8s/resources.js';
import type { ParsedSource } from './source.js';

export function resourcesOf(source: ParsedSource): { resources: Resource[]; errors: InputError[] } {
  switch (source.format) {
    case 'yaml': {
      const k8s = kubernetesResources(source.documents, source.file);
      const cfn = cloudFormationResources(source.documents, source.file);
      return {
        resources: [...k8s.resources, ...cfn.resources, ...iamPolicyResources(source.documents, source.file)],
        errors: [...k8s.errors, ...cfn.errors],
      };
    }
    case 'dockerfile':
      return { resources: source.dockerfile ? dockerfileResources(source.dockerfile, source.file) : [], errors: [] };
  }
}
