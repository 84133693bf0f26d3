import { podViews, type PodSpecView } from '../../core/kinds.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, stringMap } from '../../core/values.js';
import { describe, findServiceAccount, serviceAccountOf } from '../rbac/rbac-model.js';

export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** An IAM role ARN (placeholders inside it are fine: they are the same text on both sides). */
const ROLE_ARN = /^arn:aws[a-z-]{0,20}:iam::/;

/** The IRSA role of a ServiceAccount, if it has one. */
export function irsaRoleOf(sa: Resource): string | undefined {
  const arn = stringMap(get(sa.value, ['metadata', 'annotations']))[IRSA_ANNOTATION]?.trim();
  return arn && ROLE_ARN.test(arn) ? arn : undefined;
}

/** The application a workload belongs to: its app.kubernetes.io/name label, else its name. */
function applicationOf(pod: PodSpecView): string {
  const label = 'app.kubernetes.io/name';
  return (
    stringMap(get(pod.resource.value, ['metadata', 'labels']))[label] ??
    stringMap(pod.metadata.labels)[label] ??
    pod.resource.name
  );
}

function serviceAccounts(model: Model): Resource[] {
  const seen = new Set<string>();
  return model.ofKind('ServiceAccount').filter((sa) => {
    const key = `${sa.namespace ?? ''}/${sa.name}`;
    if (sa.input !== 'k8s' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const irsaRolePerServiceAccount: Rule = {
  id: 'irsa-role-per-service-account',
  practice: 'IAM-IRSA-PER-SERVICE',
  severity: 'high',
  title: 'Each service has its own ServiceAccount and IRSA role',
  rationale:
    'An IAM role shared by several service accounts carries the union of what they all need, so a compromise of the least important one reaches every bucket, queue and key of the others, and CloudTrail can no longer tell them apart. The same holds when unrelated workloads share one ServiceAccount that has an IRSA role.',
  remediation:
    'Give every service its own ServiceAccount (`serviceAccountName`) annotated with its own role (`eks.amazonaws.com/role-arn: arn:aws:iam::ACCOUNT:role/<service>-sa-role`), whose trust policy admits only `system:serviceaccount:<namespace>:<name>`.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const accounts = serviceAccounts(model);

    // One role ARN, several ServiceAccounts.
    const firstWithRole = new Map<string, Resource>();
    for (const sa of accounts) {
      const arn = irsaRoleOf(sa);
      if (!arn) continue;
      const first = firstWithRole.get(arn);
      if (!first) {
        firstWithRole.set(arn, sa);
        continue;
      }
      yield {
        resource: sa,
        path: ['metadata', 'annotations', IRSA_ANNOTATION],
        message: `${describe(sa)} uses IAM role ${arn}, which ${describe(first)} also uses: give each service account its own role`,
      };
    }

    // One ServiceAccount with an IRSA role, several applications.
    const users = new Map<Resource, Array<{ pod: PodSpecView; app: string }>>();
    for (const pod of podViews(model.resources)) {
      const ref = serviceAccountOf(pod);
      const sa = findServiceAccount(model, pod.resource.namespace, ref.name);
      if (!sa) {
        yield {
          resource: pod.resource,
          path: ref.path,
          severity: 'info',
          message: ref.set
            ? `${describe(pod.resource)} runs as ServiceAccount "${ref.name}", which is not in the scan: its IAM role cannot be checked`
            : `${describe(pod.resource)} runs as the namespace's default ServiceAccount: give it its own ServiceAccount (serviceAccountName)`,
        };
        continue;
      }
      if (!irsaRoleOf(sa)) continue;
      let entries = users.get(sa);
      if (!entries) users.set(sa, (entries = []));
      entries.push({ pod, app: applicationOf(pod) });
    }
    for (const [sa, entries] of users) {
      const first = entries[0];
      for (const entry of entries.slice(1)) {
        if (entry.app === first.app) continue;
        yield {
          resource: entry.pod.resource,
          path: serviceAccountOf(entry.pod).path,
          severity: 'medium',
          message: `${describe(entry.pod.resource)} (application "${entry.app}") shares ${describe(sa)} and its IAM role with ${describe(first.pod.resource)} (application "${first.app}"): give each application its own ServiceAccount`,
        };
      }
    }
  },
};
