// Generates a synthetic platform: `files` files of `perFile` Kubernetes
// documents of mixed kinds, deterministic for a given size.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function deployment(i, ns) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  namespace: ${ns}
  labels: {app: svc-${i}, app.kubernetes.io/part-of: platform}
spec:
  replicas: 3
  selector:
    matchLabels: {app: svc-${i}}
  template:
    metadata:
      labels: {app: svc-${i}}
    spec:
      serviceAccountName: svc-${i}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: registry.example.com/svc-${i}${i % 5 === 0 ? ':latest' : `@${DIGEST}`}
          ports: [{containerPort: 8080, name: http}]
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {httpGet: {path: /live, port: http}}
          securityContext:
            allowPrivilegeEscalation: ${i % 7 === 0}
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
`;
}

const service = (i, ns) => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ${ns}
  labels: {app: svc-${i}}
spec:
  type: ${i % 11 === 0 ? 'NodePort' : 'ClusterIP'}
  selector: {app: svc-${i}}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const serviceAccount = (i, ns) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: svc-${i}
  namespace: ${ns}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/svc-${i}-sa-role
automountServiceAccountToken: false
`;

const configMap = (i, ns) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: svc-${i}-config
  namespace: ${ns}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://db:5432/app
`;

const networkPolicy = (i, ns) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: svc-${i}-ingress
  namespace: ${ns}
spec:
  podSelector: {matchLabels: {app: svc-${i}}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}
          podSelector: {matchLabels: {app: gateway}}
      ports: [{port: 8080}]
`;

const role = (i, ns) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: svc-${i}
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list, watch]
`;

const serviceMonitor = (i, ns) => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  selector: {matchLabels: {app: svc-${i}}}
  endpoints: [{port: http, interval: 30s}]
`;

const KINDS = [deployment, service, serviceAccount, configMap, networkPolicy, role, serviceMonitor];

/** Writes the corpus and returns its directory and the number of documents. */
export function writeCorpus(dir, { files = 1000, perFile = 20, namespaces = 50 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  let documents = 0;
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const ns = `team-${f % namespaces}`;
    const sub = path.join(dir, `part-${String(f % 10).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    const docs = [];
    if (f < namespaces) {
      docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {pod-security.kubernetes.io/enforce: restricted}\n`);
    }
    for (let d = docs.length; d < perFile; d++) {
      const i = f * perFile + d;
      docs.push(KINDS[i % KINDS.length](i, ns));
    }
    const text = docs.join('---\n');
    writeFileSync(path.join(sub, `f${String(f).padStart(4, '0')}.yaml`), text);
    documents += docs.length;
    bytes += text.length;
  }
  return { dir, documents, bytes };
}

function terraformFile(i) {
  const service = `svc-${i}`;
  return `resource "aws_iam_role" "${service.replace(/-/g, '_')}" {
  name = "${service}-sa-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub" = "system:serviceaccount:team-${i % 50}:${service}"
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "${service.replace(/-/g, '_')}" {
  role = aws_iam_role.${service.replace(/-/g, '_')}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::sessions-bucket/${service}/*"
    }]
  })
}

resource "aws_s3_bucket" "${service.replace(/-/g, '_')}" {
  bucket = "${service}-data"
}

resource "aws_cloudwatch_log_group" "${service.replace(/-/g, '_')}" {
  name              = "/eks/${service}"
  retention_in_days = 30
}
`;
}

function policyDocument(i) {
  return `${JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::sessions-bucket/svc-${i}/*` },
      { Sid: 'Key', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      ...(i % 10 === 0 ? [{ Sid: 'Broad', Effect: 'Allow', Action: 'iam:*', Resource: '*' }] : []),
    ],
  }, null, 2)}\n`;
}

/** Writes `terraform` .tf files (one module per 20 files) and `policies` IAM JSON documents. */
export function writeIacCorpus(dir, { terraform = 1000, policies = 500 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (let i = 0; i < terraform; i++) {
    const sub = path.join(dir, 'terraform', `module-${String(Math.floor(i / 20)).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    const text = terraformFile(i);
    writeFileSync(path.join(sub, `svc-${i}.tf`), text);
    bytes += text.length;
  }
  mkdirSync(path.join(dir, 'iam'), { recursive: true });
  for (let i = 0; i < policies; i++) {
    const text = policyDocument(i);
    writeFileSync(path.join(dir, 'iam', `policy-${i}.json`), text);
    bytes += text.length;
  }
  return { dir, files: terraform + policies, bytes };
}
