// The whole generated tree for one spec: Kubernetes, observability and
// Terraform, sorted by path, with a Kustomize base over every manifest.
import { yamlFile, type GeneratedFile } from './files.js';
import { generateKubernetes } from './kubernetes/index.js';
import { WAF_ANNOTATION } from './kubernetes/edge.js';
import { TERRAFORM_OUTPUTS_ENV_FILE, WEB_ACL_ARN_KEY } from './names.js';
import { generateObservability } from './observability/index.js';
import { generateTerraform } from './terraform/index.js';
import type { PlatformSpec } from './spec.js';

const KUBERNETES_DIR = 'kubernetes/';
export const KUSTOMIZATION = `${KUBERNETES_DIR}kustomization.yaml`;

/** kubernetes/kustomization.yaml: every manifest, and the Terraform outputs the Ingresses need. */
function kustomization(spec: PlatformSpec, files: readonly GeneratedFile[]): GeneratedFile {
  const resources = files
    .filter((f) => f.path.startsWith(KUBERNETES_DIR) && f.path.endsWith('.yaml') && f.path !== KUSTOMIZATION)
    .map((f) => f.path.slice(KUBERNETES_DIR.length))
    .sort();
  const document: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  if (spec.services.some((s) => s.public)) {
    // The web ACL is created by the Terraform; its ARN comes from `terraform output -raw kustomize_env`.
    document.configMapGenerator = [
      { name: 'terraform-outputs', namespace: 'kube-system', envs: [TERRAFORM_OUTPUTS_ENV_FILE], options: { disableNameSuffixHash: true } },
    ];
    document.replacements = [
      {
        source: { kind: 'ConfigMap', name: 'terraform-outputs', namespace: 'kube-system', fieldPath: `data.${WEB_ACL_ARN_KEY}` },
        targets: [{ select: { kind: 'Ingress' }, fieldPaths: [`metadata.annotations.[${WAF_ANNOTATION}]`] }],
      },
    ];
  }
  return yamlFile(KUSTOMIZATION, [document]);
}

/** Every file `guardrail generate` writes for the spec, sorted by path; paths are unique. */
export function generatePlatform(spec: PlatformSpec): GeneratedFile[] {
  const files = [...generateKubernetes(spec), ...generateObservability(spec), ...generateTerraform(spec)];
  files.push(kustomization(spec, files));
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`two generators wrote ${file.path}`);
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
