// guardrail's catalog of practices: the product's contract. Every rule names
// one of these ids; docs/practices.md shows how each is covered.

export type Surface = 'k8s' | 'iam' | 'terraform' | 'cfn' | 'dockerfile' | 'kubelet' | 'live-aws';

export interface Practice {
  id: string;
  title: string;
  /** What a secure, observable platform does, in guardrail's words. */
  description: string;
  where: Surface[];
  /** What `guardrail generate` produces for it, if anything. */
  generates?: string;
  /** Why guardrail cannot check it, where no front end does. */
  limitation?: string;
}

export const PRACTICES: Practice[] = [];
