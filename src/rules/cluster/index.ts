import type { Rule } from '../../core/types.js';
import { defaultServiceAccountAutomount } from './default-service-account-automount.js';
import { noExternalIpServices } from './no-external-ip-services.js';
import { noNodePortServices } from './no-nodeport-services.js';

export const clusterRules: Rule[] = [noNodePortServices, noExternalIpServices, defaultServiceAccountAutomount];
