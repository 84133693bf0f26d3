import type { Rule } from '../../core/types.js';

export const detectionRules: Rule[] = [];
