import type { Rule } from '../../core/types.js';
import { noPrivileged } from './no-privileged.js';
import { runAsNonRoot } from './run-as-non-root.js';

export const podRules: Rule[] = [runAsNonRoot, noPrivileged];
