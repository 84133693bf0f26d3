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
