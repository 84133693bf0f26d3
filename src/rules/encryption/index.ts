import type { Rule } from '../../core/types.js';

export const encryptionRules: Rule[] = [];
