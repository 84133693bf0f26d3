// OBS-LOGS-SHIPPED: Fluent Bit's configuration, shipping every container's
// log (CRI format, enriched with its pod's metadata) to the cluster's
// CloudWatch Logs group, which Terraform creates KMS-encrypted; its
// ServiceAccount (IRSA role allowed to write only to that group) and the
// read-only API access the kubernetes filter needs.
import { yamlFile, type GeneratedFile } from '../files.js';
import { containerLogGroupName, FLUENT_BIT_SERVICE_ACCOUNT, fluentBitRoleName, OBSERVABILITY_NAMESPACE, roleArn } from '../names.js';
import type { PlatformSpec } from '../spec.js';

export const FLUENT_BIT_CONFIG_PATH = 'observability/fluent-bit/fluent-bit.yaml';
const STATE = '/var/fluent-bit/state';

/** Top-level keys of JSON log lines dropped before shipping: credentials an application may log by mistake. */
export const DROPPED_KEYS = ['password', 'passwd', 'secret', 'token', 'access_token', 'refresh_token', 'api_key', 'apikey', 'authorization', 'cookie', 'set-cookie'];

export function fluentBitConfig(spec: PlatformSpec): Record<string, unknown> {
  return {
    service: {
      flush: 5,
      grace: 30,
      log_level: 'info',
      http_server: 'on',
      http_listen: '0.0.0.0',
      http_port: 2020,
      health_check: 'on',
      // Chunks beyond memory go to the node's disk, so a CloudWatch outage delays logs instead of dropping them.
      'storage.path': `${STATE}/flb-storage/`,
      'storage.sync': 'normal',
      'storage.backlog.mem_limit': '16M',
    },
    pipeline: {
      inputs: [
        {
          name: 'tail',
          tag: 'kube.*',
          path: '/var/log/containers/*.log',
          // Its own log would otherwise feed back into itself.
          exclude_path: `/var/log/containers/${FLUENT_BIT_SERVICE_ACCOUNT}-*.log`,
          'multiline.parser': 'cri',
          db: `${STATE}/flb_container.db`,
          'db.locking': true,
          mem_buf_limit: '50MB',
          skip_long_lines: 'on',
          refresh_interval: 10,
          rotate_wait: 30,
          'storage.type': 'filesystem',
        },
      ],
      filters: [
        {
          name: 'kubernetes',
          match: 'kube.*',
          kube_url: 'https://kubernetes.default.svc:443',
          kube_tag_prefix: 'kube.var.log.containers.',
          merge_log: 'on',
          keep_log: 'off',
          'k8s-logging.parser': 'on',
          'k8s-logging.exclude': 'on',
          labels: 'on',
          annotations: 'off',
          buffer_size: 0,
        },
        { name: 'modify', match: 'kube.*', remove_regex: `(?i)^(${DROPPED_KEYS.join('|')})$` },
      ],
      outputs: [
        {
          name: 'cloudwatch_logs',
          match: 'kube.*',
          region: spec.cluster.region,
          log_group_name: containerLogGroupName(spec.cluster),
          log_stream_template: "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']",
          log_stream_prefix: 'unattributed.',
          // Terraform owns the group (KMS key, retention); creating it here would make an unencrypted one.
          auto_create_group: 'off',
          retry_limit: 5,
          workers: 1,
        },
      ],
    },
  };
}

export function fluentBitFiles(spec: PlatformSpec): GeneratedFile[] {
  const file = yamlFile(FLUENT_BIT_CONFIG_PATH, [fluentBitConfig(spec)]);
  const labels = { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/managed-by': 'guardrail' };
  const metadata = (name: string) => ({ name, namespace: OBSERVABILITY_NAMESPACE, labels });
  const fluentBitRoleArn = roleArn(spec.cluster, fluentBitRoleName(spec.cluster));
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { ...metadata(FLUENT_BIT_SERVICE_ACCOUNT), annotations: { 'eks.amazonaws.com/role-arn': fluentBitRoleArn } },
      // The kubernetes filter reads pod metadata from the API with this token.
      automountServiceAccountToken: true,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'fluent-bit-read', labels },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'fluent-bit-read', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fluent-bit-read' },
      subjects: [{ kind: 'ServiceAccount', name: FLUENT_BIT_SERVICE_ACCOUNT, namespace: OBSERVABILITY_NAMESPACE }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata('fluent-bit-config'),
      data: { 'fluent-bit.yaml': file.content },
    },
  ];
  return [file, yamlFile('kubernetes/observability/fluent-bit.yaml', objects)];
}
