import type { Rule } from '../../core/types.js';
import { imageDigest } from './image-digest.js';
import { imageSignatureVerification } from './image-signature-verification.js';

export const supplyChainRules: Rule[] = [imageDigest, imageSignatureVerification];
