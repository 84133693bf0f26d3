// The webhook's own manifests: valid Kubernetes objects, shaped as the issue
// asks, clean under `guardrail scan`, and alert rules promtool accepts.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { REPO, runCli } from '../support/cli.js';
import { tempDir } from './support.js';

const DEPLOY = path.join(REPO, 'deploy');
const objects: any[] = readdirSync(DEPLOY)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(DEPLOY, f), 'utf8')).map((d) => d.toJS()));
const one = (kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};

describe('deploy/', () => {
  it('holds only objects valid against the Kubernetes schemas (built-in kinds)', async () => {
    const checked: string[] = [];
    for (const object of objects) {
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      if (['cert-manager.io', 'monitoring.coreos.com'].includes(group)) continue;
      const module = object.apiVersion.includes('/') ? `kubernetes-models/${object.apiVersion}/${object.kind}` : `kubernetes-models/v1/${object.kind}`;
      const { [object.kind]: Model } = await import(module);
      expect(() => new Model(object).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
      checked.push(object.kind);
    }
    expect(checked).toEqual(expect.arrayContaining(['Namespace', 'ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'Service', 'NetworkPolicy', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']));
  });

  it('runs three replicas spread across zones, hardened, probed on the metrics port, with no token', () => {
    const deployment = one('Deployment');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(3);
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toContain('topology.kubernetes.io/zone');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(one('ServiceAccount').automountServiceAccountToken).toBe(false);
    const container = pod.containers[0];
    expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    for (const probe of ['readinessProbe', 'livenessProbe']) expect(container[probe].httpGet.port).toBe('metrics');
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(one('PodDisruptionBudget').spec.minAvailable).toBe(2);
  });

  it('registers both webhooks as the API server needs: v1 reviews, no side effects, 3 s, CA from cert-manager, exempt namespaces', () => {
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const config = one(kind);
      expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('guardrail-system/guardrail-tls');
      for (const hook of config.webhooks) {
        expect(hook).toMatchObject({ admissionReviewVersions: ['v1'], sideEffects: 'None', timeoutSeconds: 3 });
        expect(['Fail', 'Ignore']).toContain(hook.failurePolicy);
        expect(hook.namespaceSelector.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'guardrail-system'] });
        expect(hook.clientConfig.service.path).toBe(kind.startsWith('Validating') ? '/validate' : '/mutate');
      }
    }
    expect(one('Certificate').spec.dnsNames).toContain('guardrail.guardrail-system.svc');
    expect(one('Issuer').metadata.name).toBe(one('Certificate').spec.issuerRef.name);
  });

  it('passes guardrail scan with no finding at medium or above', async () => {
    const { code, stdout } = await runCli(['scan', 'deploy/', '--format', 'json', '--fail-on', 'medium']);
    const findings = JSON.parse(stdout).findings.filter((f: any) => !f.suppressed && f.severity !== 'info' && f.severity !== 'low');
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('has alert rules promtool accepts', async () => {
    if (spawnSync('promtool', ['--version']).status !== 0) {
      console.warn('promtool is not installed: skipping `promtool check rules` (CI installs it)');
      return;
    }
    const file = path.join(await tempDir(), 'rules.yaml');
    writeFileSync(file, stringify({ groups: one('PrometheusRule').spec.groups }));
    const result = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile('promtool', ['check', 'rules', file], (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr })),
    );
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});
