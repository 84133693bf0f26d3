import { KIND, type ClusterFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsEksSecretsEncryption: Rule = {
  id: 'aws-eks-secrets-encryption',
  practice: 'SEC-ETCD-ENCRYPTION',
  severity: 'medium',
  title: 'EKS encrypts Kubernetes secrets with a customer-managed KMS key',
  rationale:
    'Envelope encryption of secrets with a KMS key you control means a copy of etcd, or its backups, does not give away the secrets, and that every decryption is logged and can be revoked by disabling the key.',
  remediation: 'Associate a KMS key with the cluster for secrets (`aws eks associate-encryption-config --encryption-config \'[{"resources":["secrets"],"provider":{"keyArn":"<key-arn>"}}]\'`); it cannot be removed later.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const cluster = factsOf<ClusterFacts>(resource, KIND.cluster);
    if (cluster && cluster.secretsKeyArn === null) yield { message: `EKS cluster ${cluster.name} does not encrypt Kubernetes secrets with a KMS key: associate an encryption config for secrets` };
  },
};
