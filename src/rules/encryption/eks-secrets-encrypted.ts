import { at, describe, firstBlock, isBlank, isModule, knownStrings, setting, textOf } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';

/** A version constraint that pins one major version: `20.8.4`, `= 20.8`, `~> 18.0`. */
const SINGLE_MAJOR = /^\s*(?:=|~>)?\s*v?(\d{1,4})(?:\.\d{1,6}){0,2}\s*$/;
const GIT_REF_MAJOR = /[?&]ref=v?(\d{1,4})\./;

interface EncryptionEntry {
  resources: unknown;
  key: unknown;
  path: KeyPath;
}

/** Whether some entry encrypts `secrets` with a key; undefined when unknown. */
function encryptsSecrets(resource: Resource, entries: EncryptionEntry[]): { ok: boolean | undefined; path?: KeyPath } {
  let unknown = false;
  for (const entry of entries) {
    const resources = knownStrings(resource, entry.resources);
    if (resources === undefined) {
      unknown = true;
      continue;
    }
    if (resources.includes('secrets')) return isBlank(resource, entry.key) ? { ok: false, path: entry.path } : { ok: true };
  }
  return { ok: unknown ? undefined : false, path: entries[0]?.path };
}

function* checkCluster(cluster: Resource): Iterable<Report> {
  const cfn = cluster.input === 'cfn';
  const field = cfn ? 'EncryptionConfig' : 'encryption_config';
  const raw = setting(cluster, field);
  const advice = cfn
    ? 'set EncryptionConfig with Resources [secrets] and Provider.KeyArn of a customer-managed key'
    : 'add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.<key>.arn } }';
  if (isBlank(cluster, raw)) {
    yield { path: at(cluster), message: `${describe(cluster)} does not envelope-encrypt Kubernetes Secrets with a KMS key: ${advice}` };
    return;
  }
  if (!Array.isArray(raw)) return;
  const entries = raw.map((entry, i): EncryptionEntry => {
    const provider = cfn ? get(entry, ['Provider']) : firstBlock(get(entry, ['provider']));
    return { resources: get(entry, [cfn ? 'Resources' : 'resources']), key: get(provider, [cfn ? 'KeyArn' : 'key_arn']), path: at(cluster, field, i) };
  });
  const verdict = encryptsSecrets(cluster, entries);
  if (verdict.ok === false) {
    yield { path: verdict.path ?? at(cluster, field), message: `${describe(cluster)} has an encryption configuration that does not cover secrets with a key: ${advice}` };
  }
}

/** The major version a module call pins, if it pins one. */
function majorVersion(module: Resource): number | undefined {
  const version = textOf(module, setting(module, 'version'));
  const match = version !== undefined ? SINGLE_MAJOR.exec(version) : GIT_REF_MAJOR.exec(textOf(module, setting(module, 'source')) ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The EKS module encrypts Secrets by default since v19 (`cluster_encryption_config`,
 * `encryption_config` from v21) with a key it creates; only an explicit empty
 * configuration, or v18 and older without one, leaves them unencrypted.
 */
function* checkModule(module: Resource): Iterable<Report> {
  if (!isModule(module, 'eks')) return;
  let declared = false;
  for (const field of ['cluster_encryption_config', 'encryption_config']) {
    const value = setting(module, field);
    if (value === undefined) continue;
    declared = true;
    // v19/v20 turn encryption off with `{}`; v21's object type fills `{}` with its defaults.
    const off = value === null || (Array.isArray(value) && value.length === 0) || (field === 'cluster_encryption_config' && isRecord(value) && Object.keys(value).length === 0);
    if (off) {
      yield { path: at(module, field), message: `${module.name} turns off envelope encryption of Kubernetes Secrets (${field} empty): remove the override or set resources = ["secrets"]` };
      continue;
    }
    const entries = (Array.isArray(value) ? value : [value]).map((entry): EncryptionEntry => ({ resources: get(entry, ['resources']), key: 'module-managed', path: at(module, field) }));
    if (entries.every((entry) => entry.resources === undefined)) continue; // the module's default list
    if (encryptsSecrets(module, entries).ok === false) {
      yield { path: at(module, field), message: `${module.name} encrypts resources other than Kubernetes Secrets (${field}): include "secrets" in resources` };
    }
  }
  const major = majorVersion(module);
  if (!declared && major !== undefined && major <= 18) {
    yield {
      path: at(module, 'version'),
      message: `${module.name} uses terraform-aws-modules/eks v${major}, which does not encrypt Kubernetes Secrets by default: set cluster_encryption_config = [{ resources = ["secrets"], provider_key_arn = aws_kms_key.<key>.arn }] or upgrade`,
    };
  }
}

export const eksSecretsEncrypted: Rule = {
  id: 'eks-secrets-encrypted',
  practice: 'SEC-ETCD-ENCRYPTION',
  severity: 'high',
  title: 'EKS envelope-encrypts Kubernetes Secrets with a customer-managed KMS key',
  rationale:
    'Kubernetes Secrets sit in etcd, its snapshots and backups; anyone who obtains a copy reads every database password and token of the cluster. Envelope encryption with a customer-managed key means reading them also needs kms:Decrypt on that key, which the cluster role alone holds, and which can be audited and revoked; the AWS-owned default key gives no such control.',
  remediation:
    'Terraform: `encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }` on `aws_eks_cluster`; with terraform-aws-modules/eks keep the default (v19+) or set `cluster_encryption_config = { resources = ["secrets"] }` (v21: `encryption_config`). CloudFormation: `EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: !GetAtt EksKey.Arn}}]` on `AWS::EKS::Cluster`. Encryption can be added to a running cluster but not removed.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    if ((resource.input === 'terraform' && resource.kind === 'aws_eks_cluster') || (resource.input === 'cfn' && resource.kind === 'AWS::EKS::Cluster')) {
      yield* checkCluster(resource);
    } else if (resource.input === 'terraform' && resource.kind === 'module') {
      yield* checkModule(resource);
    }
  },
};
