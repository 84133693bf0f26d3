import { podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, isRecord, list, str } from '../../core/values.js';

/**
 * Inline volume sources the Pod Security Standard "restricted" allows; `image`
 * (read-only OCI content) is allowed by Pod Security admission since 1.33.
 */
const ALLOWED = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** Sources with a known route to code execution on the node. */
const HIGH: ReadonlyMap<string, string> = new Map([
  ['gitRepo', 'the kubelet runs git on the node against an attacker-chosen repository (CVE-2024-10220)'],
  ['flexVolume', 'the kubelet runs a driver binary as root on the node with pod-supplied options'],
]);

export const restrictedVolumeTypes: Rule = {
  id: 'restricted-volume-types',
  practice: 'POD-PSA-RESTRICTED',
  severity: 'medium',
  title: 'Pods use only the volume types the restricted Pod Security Standard allows',
  rationale:
    'Inline volume sources such as nfs, iscsi, rbd, cephfs or awsElasticBlockStore let a pod author mount storage directly by address, outside any PersistentVolume an administrator controls, and some (gitRepo, flexVolume) make the kubelet run code on the node. Pod Security admission (restricted) rejects every source except configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret (and image since Kubernetes 1.33).',
  remediation:
    'Replace the inline source with a `persistentVolumeClaim` bound to an administrator-defined PersistentVolume or StorageClass (or a CSI driver); clone git repositories in an init container into an `emptyDir`. hostPath volumes are reported by no-host-path.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const [index, volume] of list(pod.spec.volumes).entries()) {
      if (!isRecord(volume)) continue;
      const name = str(get(volume, ['name'])) ?? `#${index}`;
      for (const key of Object.keys(volume)) {
        if (key === 'name' || key === 'hostPath' || ALLOWED.has(key)) continue;
        if (volume[key] === null || volume[key] === undefined) continue;
        const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
        const danger = HIGH.get(key);
        yield {
          path: [...pod.specPath, 'volumes', index, key],
          ...(danger !== undefined ? { severity: 'high' as const } : {}),
          message:
            danger !== undefined
              ? `volume "${name}" uses the ${shown} volume type: ${danger}`
              : `volume "${name}" uses the ${shown} volume type, which the restricted Pod Security Standard does not allow`,
        };
      }
    }
  },
};
