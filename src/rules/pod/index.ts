import type { Rule } from '../../core/types.js';
import { apparmorNotUnconfined } from './apparmor-not-unconfined.js';
import { dropAllCapabilities } from './drop-all-capabilities.js';
import { noAddedCapabilities } from './no-added-capabilities.js';
import { noHostNamespaces } from './no-host-namespaces.js';
import { noHostPath } from './no-host-path.js';
import { noHostPorts } from './no-host-ports.js';
import { noPrivilegeEscalation } from './no-privilege-escalation.js';
import { noPrivileged } from './no-privileged.js';
import { noUnmaskedProcMount } from './no-unmasked-proc-mount.js';
import { noUnsafeSysctls } from './no-unsafe-sysctls.js';
import { psaRestricted } from './psa-restricted.js';
import { readOnlyRootFs } from './read-only-root-fs.js';
import { restrictedVolumeTypes } from './restricted-volume-types.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { seccompProfile } from './seccomp-profile.js';
import { selinuxNotWeakened } from './selinux-not-weakened.js';

export const podRules: Rule[] = [
  runAsNonRoot,
  noPrivileged,
  noPrivilegeEscalation,
  dropAllCapabilities,
  noAddedCapabilities,
  readOnlyRootFs,
  seccompProfile,
  noHostNamespaces,
  noHostPorts,
  noHostPath,
  restrictedVolumeTypes,
  selinuxNotWeakened,
  apparmorNotUnconfined,
  noUnsafeSysctls,
  noUnmaskedProcMount,
  psaRestricted,
];
