import type { Rule } from '../../core/types.js';
import { admissionPolicyPresent } from './admission-policy-present.js';
import { alertRoutingPresent } from './alert-routing-present.js';
import { dashboardsPresent } from './dashboards-present.js';
import { databaseAlertsPresent } from './database-alerts-present.js';
import { errorRateAlertsPresent } from './error-rate-alerts-present.js';
import { latencyAlertsPresent } from './latency-alerts-present.js';
import { logShipperPresent } from './log-shipper-present.js';
import { runtimeDetectionPresent } from './runtime-detection-present.js';
import { tracingCollectorPresent } from './tracing-collector-present.js';

export const platformRules: Rule[] = [
  runtimeDetectionPresent,
  logShipperPresent,
  tracingCollectorPresent,
  alertRoutingPresent,
  admissionPolicyPresent,
  latencyAlertsPresent,
  errorRateAlertsPresent,
  dashboardsPresent,
  databaseAlertsPresent,
];
