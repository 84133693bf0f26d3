// The audit's findings: the scan engine run over the resources of a snapshot.
import { evaluateResources, type ScanOptions, type ScanResult } from '../scan/scan.js';
import { toInputErrors, toResources, type Snapshot } from './snapshot.js';

export async function evaluateSnapshot(snapshot: Snapshot, options: ScanOptions = {}): Promise<ScanResult> {
  const resources = toResources(snapshot);
  const locations = new Set(resources.map((r) => r.file)).size;
  return await evaluateResources(resources, { errors: toInputErrors(snapshot), directives: [], files: locations }, options);
}
