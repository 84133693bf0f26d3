// `guardrail audit aws` against a simulated account served by the local AWS
// endpoint with a fixed latency per call: wall time, and API calls by action.
// Prints figures; asserts nothing (benchmarks are not tests).
import { simulatedAccount, startAwsEndpoint } from './aws-endpoint.js';
import { AwsClients } from '../dist/audit/clients.js';
import { collect } from '../dist/audit/collect.js';
import { evaluateSnapshot } from '../dist/audit/evaluate.js';

const LATENCY_MS = Number(process.env.BENCH_AWS_LATENCY_MS ?? 20);
const sizes = { users: 500, groups: 2000, buckets: 300, regions: 17 };
const REGION_CONCURRENCY = 4;
const ITEM_CONCURRENCY = 16;

/** Calls whose count grows with the number of items, not pages: no list or batch API returns these settings. */
const PER_ITEM = {
  's3:GetBucketPublicAccessBlock': 'one per bucket (S3 has no multi-bucket read)',
  's3:GetEncryptionConfiguration': 'one per bucket (S3 has no multi-bucket read)',
  'kms:DescribeKey': 'one per key not named AWS-managed by its alias (ListKeys returns ids only)',
  'kms:GetKeyRotationStatus': 'one per enabled customer-managed key',
  'eks:DescribeCluster': 'one per cluster (ListClusters returns names only)',
  'cloudtrail:GetTrailStatus': 'one per trail',
  'wafv2:ListResourcesForWebACL': 'one per web ACL, not per load balancer',
};

process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const endpoint = await startAwsEndpoint(simulatedAccount(sizes), { latencyMs: LATENCY_MS, pageSize: 1000 });
const clients = new AwsClients({ endpoint: endpoint.url, homeRegion: 'us-east-1', maxAttempts: 10 });
const started = performance.now();
const cpuBefore = process.cpuUsage();
const { snapshot, calls } = await collect({ clients, regionConcurrency: REGION_CONCURRENCY, itemConcurrency: ITEM_CONCURRENCY });
const collected = performance.now();
const result = await evaluateSnapshot(snapshot);
const finished = performance.now();
const cpu = process.cpuUsage(cpuBefore);
clients.destroy();
await endpoint.close();

const total = [...calls.values()].reduce((a, b) => a + b, 0);
const http = [...endpoint.calls.values()].reduce((a, b) => a + b, 0);
console.log(`\nguardrail audit aws: simulated account, ${sizes.users} users, ${sizes.groups} security groups, ${sizes.buckets} buckets, ${sizes.regions} regions, ${LATENCY_MS} ms per call`);
console.log(`regions ${REGION_CONCURRENCY} at a time, per-item calls ${ITEM_CONCURRENCY} at a time\n`);
console.log(`wall time:            ${((finished - started) / 1000).toFixed(2)} s   (target < 30 s; reading ${((collected - started) / 1000).toFixed(2)} s, rules ${((finished - collected) / 1000).toFixed(2)} s)`);
console.log(`CPU time:             ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s   (this process: the audit and the endpoint serving it)`);
console.log(`API calls:            ${total}   (HTTP requests seen by the endpoint: ${http})`);
console.log(`resources:            ${snapshot.resources.length}, findings ${result.findings.length}, errors ${result.errors.length}\n`);
for (const [action, n] of [...calls].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
  console.log(`  ${action.padEnd(44)} ${String(n).padStart(5)}${PER_ITEM[action] ? `   ${PER_ITEM[action]}` : ''}`);
}
