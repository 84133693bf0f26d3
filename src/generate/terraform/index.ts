// The AWS side of the platform as one Terraform root module (terraform/*.tf),
// one file per concern, written with the small HCL writer in hcl.ts.
import { textFile, type GeneratedFile } from '../files.js';
import type { PlatformSpec } from '../spec.js';
import { cloudtrailFile } from './cloudtrail.js';
import { contextOf, type Context } from './context.js';
import { accessAnalyzerFile, guarddutyFile, inspectorFile, passwordPolicyFile, securityHubFile } from './detection.js';
import { ecrFile } from './ecr.js';
import { endpointsFile } from './endpoints.js';
import { eksFile } from './eks.js';
import { elasticacheFile } from './elasticache.js';
import { renderFile, type Block } from './hcl.js';
import { irsaFile } from './irsa.js';
import { kmsFile } from './kms.js';
import { networkFile } from './network.js';
import { rdsFile } from './rds.js';
import { outputsFile, providersFile, variablesFile, versionsFile } from './root.js';
import { s3File } from './s3.js';
import { albFile, wafFile } from './waf.js';

const FILES: ReadonlyArray<[string, (ctx: Context) => Block[]]> = [
  ['versions.tf', versionsFile],
  ['providers.tf', providersFile],
  ['variables.tf', variablesFile],
  ['kms.tf', kmsFile],
  ['network.tf', networkFile],
  ['endpoints.tf', endpointsFile],
  ['eks.tf', eksFile],
  ['irsa.tf', irsaFile],
  ['ecr.tf', ecrFile],
  ['s3.tf', s3File],
  ['rds.tf', rdsFile],
  ['elasticache.tf', elasticacheFile],
  ['alb.tf', albFile],
  ['waf.tf', wafFile],
  ['guardduty.tf', guarddutyFile],
  ['securityhub.tf', securityHubFile],
  ['cloudtrail.tf', cloudtrailFile],
  ['access-analyzer.tf', accessAnalyzerFile],
  ['inspector.tf', inspectorFile],
  ['iam-account.tf', passwordPolicyFile],
  ['outputs.tf', outputsFile],
];

/** The AWS side of the platform, as Terraform: terraform/*.tf, sorted by path; files with nothing to hold are left out. */
export function generateTerraform(spec: PlatformSpec): GeneratedFile[] {
  const ctx = contextOf(spec);
  const files: GeneratedFile[] = [];
  for (const [name, build] of FILES) {
    const blocks = build(ctx);
    if (blocks.length > 0) files.push(textFile(`terraform/${name}`, renderFile(blocks)));
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
