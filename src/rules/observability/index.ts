import type { Rule } from '../../core/types.js';
import { healthProbes } from './health-probes.js';
import { metricsScraped } from './metrics-scraped.js';
import { resourcesRequestsLimits } from './resources-requests-limits.js';

export const observabilityRules: Rule[] = [resourcesRequestsLimits, healthProbes, metricsScraped];
