import type { GeneratedFile } from '../files.js';
import type { PlatformSpec } from '../spec.js';

/** Alert and recording rules, their unit tests, Alertmanager, dashboards and collectors. */
export function generateObservability(_spec: PlatformSpec): GeneratedFile[] {
  return [];
}
