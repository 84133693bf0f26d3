import type { GeneratedFile } from '../files.js';
import type { PlatformSpec } from '../spec.js';

/** The AWS side of the platform, as Terraform. */
export function generateTerraform(_spec: PlatformSpec): GeneratedFile[] {
  return [];
}
