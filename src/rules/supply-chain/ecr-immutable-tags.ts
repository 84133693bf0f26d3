import { at, describe, isBlank, isModule, setting, textOf } from '../../core/iac.js';
import type { Report, Rule } from '../../core/types.js';

/** Tag mutability settings that keep tags immutable (exclusions name mutable tags such as `latest`). */
const IMMUTABLE = new Set(['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION']);

export const ecrImmutableTags: Rule = {
  id: 'ecr-immutable-tags',
  practice: 'SUP-ECR-IMMUTABLE',
  severity: 'medium',
  title: 'ECR repositories use immutable tags',
  rationale:
    'With mutable tags, anyone who can push to the repository (a compromised CI job, a leaked token) can replace the image behind `core-routing:1.4.2` without changing a single manifest; the next node that pulls runs it, and scan results and signatures no longer describe what runs. Immutable tags make a tag name one image for good.',
  remediation:
    'Terraform: `image_tag_mutability = "IMMUTABLE"` on `aws_ecr_repository` (the default is MUTABLE; `IMMUTABLE_WITH_EXCLUSION` with `image_tag_mutability_exclusion_filter` if a moving tag is unavoidable); with terraform-aws-modules/ecr keep `repository_image_tag_mutability = "IMMUTABLE"`. CloudFormation: `ImageTagMutability: IMMUTABLE` on `AWS::ECR::Repository`. Deploy by digest either way.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    let field: string;
    if ((resource.input === 'terraform' && resource.kind === 'aws_ecr_repository') || (resource.input === 'cfn' && resource.kind === 'AWS::ECR::Repository')) {
      field = resource.input === 'cfn' ? 'ImageTagMutability' : 'image_tag_mutability';
    } else if (isModule(resource, 'ecr')) {
      // The module defaults to IMMUTABLE: only an explicit setting can be wrong.
      field = 'repository_image_tag_mutability';
      if (isBlank(resource, setting(resource, field))) return;
    } else {
      return;
    }
    const raw = setting(resource, field);
    const mutability = isBlank(resource, raw) ? 'MUTABLE' : textOf(resource, raw)?.toUpperCase();
    if (mutability === undefined || IMMUTABLE.has(mutability)) return;
    yield {
      path: raw === undefined ? at(resource) : at(resource, field),
      message: `${describe(resource)} lets image tags be overwritten (${field} ${mutability}): set it to IMMUTABLE`,
    };
  },
};
