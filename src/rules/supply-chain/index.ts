import type { Rule } from '../../core/types.js';
import { ecrImmutableTags } from './ecr-immutable-tags.js';
import { ecrScanOnPush } from './ecr-scan-on-push.js';
import { imageDigest } from './image-digest.js';
import { imageSignatureVerification } from './image-signature-verification.js';

export const supplyChainRules: Rule[] = [imageDigest, imageSignatureVerification, ecrImmutableTags, ecrScanOnPush];
