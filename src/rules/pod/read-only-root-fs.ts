import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { record } from '../../core/values.js';
import { describe, isWindowsPod, nearestPath } from './support.js';

export const readOnlyRootFs: Rule = {
  id: 'read-only-root-fs',
  practice: 'POD-READ-ONLY-ROOT-FS',
  severity: 'medium',
  title: 'Containers have a read-only root filesystem',
  rationale:
    'A writable root filesystem lets an attacker who gets code execution drop tools, web shells or modified binaries and libraries into the image paths, and persist them for the life of the container. A read-only root also stops the application from silently depending on local state that is lost on restart.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on every container (a container-level field); mount an `emptyDir` volume at the paths the process must write to (e.g. /tmp, caches).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    // readOnlyRootFilesystem is not supported for Windows containers.
    if (!pod || isWindowsPod(pod)) return;
    for (const c of containersOf(pod)) {
      const setting = record(c.container.securityContext).readOnlyRootFilesystem;
      if (setting === true) continue;
      if (setting !== undefined && setting !== null) {
        yield {
          path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'],
          message:
            setting === false
              ? `${describe(c)} has a writable root filesystem (readOnlyRootFilesystem: false); expected true`
              : `${describe(c)} sets readOnlyRootFilesystem to a non-boolean value; expected true`,
        };
      } else {
        yield {
          path: nearestPath(resource.value, [...c.path, 'securityContext']),
          message: `${describe(c)} does not set readOnlyRootFilesystem: true, so its root filesystem is writable`,
        };
      }
    }
  },
};
