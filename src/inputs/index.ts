// From parsed sources to the model's resources: each document goes to the
// input that recognises it.
import type { InputError, Resource } from '../core/types.js';
import { kubernetesResources } from './k8s/resources.js';
import type { ParsedSource } from './source.js';

export function resourcesOf(source: ParsedSource): { resources: Resource[]; errors: InputError[] } {
  switch (source.format) {
    case 'yaml':
      return kubernetesResources(source.documents, source.file);
  }
}
