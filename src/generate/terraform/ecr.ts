// ecr.tf: a repository per service image: tags immutable (a digest and its
// tag never diverge), images scanned on push, encrypted with the platform
// key, untagged images expired.
import type { ServiceSpec } from '../spec.js';
import { label, platformKeyArn, type Context } from './context.js';
import { block, call, ref, top, type Block } from './hcl.js';

/**
 * The repository a service's image lives in: the image's path when it is in
 * this account's registry in this region, else the service's name.
 */
function repositoryName(ctx: Context, service: ServiceSpec): string {
  const registry = `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com${ctx.partition === 'aws-cn' ? '.cn' : ''}/`;
  if (!service.image.startsWith(registry)) return service.name;
  const path = service.image.slice(registry.length);
  const end = path.search(/[@:]/);
  return end < 0 ? path : path.slice(0, end);
}

/** Distinct repositories, sorted. */
function repositories(ctx: Context): string[] {
  return [...new Set(ctx.services.map((s) => repositoryName(ctx, s)))].sort();
}

/** ECR names put single separators between letters and digits, so doubled ones keep labels distinct. */
function repositoryLabel(repository: string): string {
  return `repository_${label(repository.replace(/\//g, '__').replace(/\./g, '--'))}`;
}

export function ecrFile(ctx: Context): Block[] {
  return repositories(ctx).flatMap((repository) => {
    const name = repositoryLabel(repository);
    return [
      top('resource', ['aws_ecr_repository', name], {
        name: repository,
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: block({ scan_on_push: true }),
        encryption_configuration: block({ encryption_type: 'KMS', kms_key: platformKeyArn }),
      }),
      top('resource', ['aws_ecr_lifecycle_policy', name], {
        repository: ref(`aws_ecr_repository.${name}.name`),
        policy: call('jsonencode', {
          rules: [
            {
              rulePriority: 1,
              description: 'Expire untagged images after 14 days',
              selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
              action: { type: 'expire' },
            },
          ],
        }),
      }),
    ];
  });
}
