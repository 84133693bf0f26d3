// The service's own objects: ServiceAccount (its IRSA role), the hardened
// Deployment, its ClusterIP Service, HorizontalPodAutoscaler and
// PodDisruptionBudget.
import { OBSERVABILITY_NAMESPACE, OTEL_COLLECTOR_SERVICE, OTLP_GRPC_PORT, selectorLabels, serviceAccountName, serviceLabels, serviceRoleArn } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { containerPorts, limits, mainPort, secretsMountPath, serviceMetadata } from './common.js';
import { secretVolumeSources } from './secrets.js';

/** The non-root user and group every generated container runs as. */
export const RUN_AS = 10001;

/** The Role and RoleBinding of a service that uses the Kubernetes API; none otherwise. */
export function apiAccess(spec: PlatformSpec, service: ServiceSpec): unknown[] {
  const rules = service.kubernetesApi ?? [];
  if (rules.length === 0) return [];
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: serviceMetadata(spec, service),
      rules: rules.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs, ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: serviceMetadata(spec, service),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: service.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccountName(service), namespace: service.namespace }],
    },
  ];
}

export function serviceAccount(spec: PlatformSpec, service: ServiceSpec): unknown {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: serviceMetadata(spec, service, serviceAccountName(service), {
      'eks.amazonaws.com/role-arn': serviceRoleArn(spec.cluster, service),
      'eks.amazonaws.com/sts-regional-endpoints': 'true',
    }),
    // IRSA does not need it: the pod identity webhook projects its own web-identity token.
    automountServiceAccountToken: (service.kubernetesApi ?? []).length > 0,
  };
}

function podAnnotations(spec: PlatformSpec, service: ServiceSpec): Record<string, string> {
  // Prometheus is outside the mesh: its scrapes reach the metrics port around the sidecar.
  return spec.cluster.mtls ? { 'traffic.sidecar.istio.io/excludeInboundPorts': String(service.metricsPort) } : {};
}

export function deployment(spec: PlatformSpec, service: ServiceSpec): unknown {
  const labels = serviceLabels(spec, service);
  const probePort = mainPort(service).name;
  const secretSources = secretVolumeSources(spec, service);
  const volumes: unknown[] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }];
  const mounts: unknown[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (secretSources.length > 0) {
    // 0440: readable by the owner and fsGroup only.
    volumes.push({ name: 'secrets', projected: { defaultMode: 0o440, sources: secretSources } });
    mounts.push({ name: 'secrets', mountPath: secretsMountPath(service), readOnly: true });
  }
  const securityContext = {
    runAsNonRoot: true,
    runAsUser: RUN_AS,
    runAsGroup: RUN_AS,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selectorLabels(service) },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: serviceMetadata(spec, service),
    spec: {
      // No replicas: the HorizontalPodAutoscaler owns the count.
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(service) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels, ...(spec.cluster.mtls ? { annotations: podAnnotations(spec, service) } : {}) },
        spec: {
          serviceAccountName: serviceAccountName(service),
          automountServiceAccountToken: (service.kubernetesApi ?? []).length > 0,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            fsGroup: RUN_AS,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: service.name,
              image: service.image,
              ports: containerPorts(service).map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
              env: [
                { name: 'OTEL_SERVICE_NAME', value: service.name },
                { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: `http://${OTEL_COLLECTOR_SERVICE}.${OBSERVABILITY_NAMESPACE}.svc.cluster.local:${OTLP_GRPC_PORT}` },
                { name: 'OTEL_RESOURCE_ATTRIBUTES', value: `service.namespace=${service.namespace},deployment.environment=${spec.cluster.environment}` },
                { name: 'AWS_REGION', value: spec.cluster.region },
                ...(secretSources.length > 0 ? [{ name: 'SECRETS_DIR', value: secretsMountPath(service) }] : []),
              ],
              resources: { requests: { cpu: service.resources.cpu, memory: service.resources.memory }, limits: limits(service) },
              startupProbe: { httpGet: { path: '/healthz/live', port: probePort }, periodSeconds: 5, failureThreshold: 30 },
              livenessProbe: { httpGet: { path: '/healthz/live', port: probePort }, periodSeconds: 10, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: '/healthz/ready', port: probePort }, periodSeconds: 5, failureThreshold: 3 },
              securityContext,
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}

export function clusterIpService(spec: PlatformSpec, service: ServiceSpec): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: serviceMetadata(spec, service),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(service),
      ports: containerPorts(service).map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol })),
    },
  };
}

export function autoscaler(spec: PlatformSpec, service: ServiceSpec): unknown {
  const utilization = (name: string, averageUtilization: number) => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: serviceMetadata(spec, service),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service.name },
      minReplicas: service.replicas.min,
      maxReplicas: service.replicas.max,
      metrics: [utilization('cpu', 70), utilization('memory', 80)],
    },
  };
}

export function disruptionBudget(spec: PlatformSpec, service: ServiceSpec): unknown {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: serviceMetadata(spec, service),
    // One pod at a time: drains proceed, and the service keeps min-1 pods at worst.
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(service) } },
  };
}
