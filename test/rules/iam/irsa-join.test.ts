// The IRSA join across inputs: Terraform roles and Kubernetes ServiceAccounts
// scanned together (two files, as a repository holds them).
import { describe, expect, it } from 'vitest';
import { scanSources } from '../../../src/scan/scan.js';

const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

const serviceAccount = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: core-routing
  namespace: core-routing
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/core-routing-sa-role
automountServiceAccountToken: false
`;

function roleWithDataTrust(subject: string): string {
  return `variable "service" {
  default = "core-routing"
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/${OIDC}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${OIDC}:sub"
      values   = ["${subject}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${OIDC}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "routing" {
  name               = "\${var.service}-sa-role"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
}

async function joinFindings(tf: string) {
  const result = await scanSources([
    { file: 'infra/iam.tf', text: tf },
    { file: 'k8s/core-routing.yaml', text: serviceAccount },
  ]);
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.rule === 'irsa-trust-matches-service-account');
}

describe('irsa-trust-matches-service-account across Terraform and manifests', () => {
  it('follows a data-source trust policy and a templated role name', async () => {
    expect(await joinFindings(roleWithDataTrust('system:serviceaccount:core-routing:core-routing'))).toEqual([]);
  });

  it('reports a data-source trust that admits another service account, at its condition', async () => {
    const findings = await joinFindings(roleWithDataTrust('system:serviceaccount:core-session-manager:core-session-manager'));
    const high = findings.filter((f) => f.severity === 'high');
    expect(high).toHaveLength(1);
    expect(high[0]).toMatchObject({ file: 'infra/iam.tf', line: 14, resource: { kind: 'data.aws_iam_policy_document' } });
    expect(high[0].message).toContain('system:serviceaccount:core-routing:core-routing');
  });
});
