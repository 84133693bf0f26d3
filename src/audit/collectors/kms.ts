// Per region: KMS keys. ListKeys gives only ids, so each key is described
// (KMS has no batch describe) and enabled customer-managed symmetric keys are
// asked for their rotation status. AWS-managed keys rotate on their own; the
// aliases (`alias/aws/<service>`) name most of them, which spares describing
// them.
import { DescribeKeyCommand, GetKeyRotationStatusCommand, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { KIND, type KeyFacts } from '../facts.js';
import type { AuditContext } from '../context.js';

export async function collectKeys(ctx: AuditContext, region: string): Promise<void> {
  const kms = ctx.clients.kms(region);
  const [pages, aliases] = await Promise.all([
    ctx.pages('kms:ListKeys', region, paginateListKeys({ client: kms, pageSize: 1000 }, {})),
    ctx.pages('kms:ListAliases', region, paginateListAliases({ client: kms, pageSize: 100 }, {}), true),
  ]);
  if (!pages) return;
  const awsManaged = new Set((aliases ?? []).flatMap((p) => p.Aliases ?? []).filter((a) => a.AliasName?.startsWith('alias/aws/')).map((a) => a.TargetKeyId));
  await Promise.all(
    pages.flatMap((p) => p.Keys ?? []).filter((key) => !awsManaged.has(key.KeyId)).map(async (key) => {
      const described = await ctx.perItem(() => ctx.call('kms:DescribeKey', region, () => kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))));
      const meta = described?.KeyMetadata;
      if (!meta) return;
      const facts: KeyFacts = {
        keyId: meta.KeyId ?? key.KeyId ?? '',
        manager: meta.KeyManager ?? '',
        state: meta.KeyState ?? '',
        spec: meta.KeySpec ?? '',
        origin: meta.Origin ?? '',
      };
      if (facts.manager === 'AWS') return; // rotated by AWS, and not the account's to change
      if (facts.manager === 'CUSTOMER' && facts.state === 'Enabled' && facts.spec === 'SYMMETRIC_DEFAULT' && facts.origin === 'AWS_KMS') {
        const rotation = await ctx.perItem(() => ctx.call('kms:GetKeyRotationStatus', region, () => kms.send(new GetKeyRotationStatusCommand({ KeyId: facts.keyId }))));
        if (rotation) facts.rotationEnabled = rotation.KeyRotationEnabled === true;
      }
      ctx.add(KIND.key, meta.Arn ?? key.KeyArn ?? '', region, facts);
    }),
  );
}
