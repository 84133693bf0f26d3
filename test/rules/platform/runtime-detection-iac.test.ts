// GuardDuty's runtime agent declared in infrastructure code, scanned with the
// manifests it protects (two files, as a repository holds them).
import { describe, expect, it } from 'vitest';
import { scanSources } from '../../../src/scan/scan.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: core-routing
  namespace: core-routing
spec:
  selector:
    matchLabels: {app: core-routing}
  template:
    metadata:
      labels: {app: core-routing}
    spec:
      containers:
        - name: app
          image: registry.example.com/core-routing@sha256:1111111111111111111111111111111111111111111111111111111111111111
`;

function terraformFeature(name: string, addonManagement: string): string {
  return `resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.main.id
  name        = "${name}"
  status      = "ENABLED"

  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "${addonManagement}"
  }
}
`;
}

const cfnDetector = (addonManagement: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: true
      Features:
        - Name: RUNTIME_MONITORING
          Status: ENABLED
          AdditionalConfiguration:
            - Name: EKS_ADDON_MANAGEMENT
              Status: ${addonManagement}
`;

async function runtimeFindings(other: { file: string; text: string }): Promise<number> {
  const result = await scanSources([{ file: 'k8s/deployment.yaml', text: deployment }, other]);
  return result.findings.filter((f) => f.rule === 'runtime-detection-present').length;
}

describe('runtime-detection-present with infrastructure code', () => {
  it('accepts GuardDuty runtime monitoring that manages the EKS agent (Terraform)', async () => {
    expect(await runtimeFindings({ file: 'infra/guardduty.tf', text: terraformFeature('RUNTIME_MONITORING', 'ENABLED') })).toBe(0);
    expect(await runtimeFindings({ file: 'infra/guardduty.tf', text: terraformFeature('EKS_RUNTIME_MONITORING', 'ENABLED') })).toBe(0);
  });

  it('still reports when add-on management is off: nothing runs the agent', async () => {
    expect(await runtimeFindings({ file: 'infra/guardduty.tf', text: terraformFeature('RUNTIME_MONITORING', 'DISABLED') })).toBe(1);
    expect(await runtimeFindings({ file: 'infra/guardduty.tf', text: terraformFeature('S3_DATA_EVENTS', 'ENABLED') })).toBe(1);
  });

  it('accepts the aws-guardduty-agent EKS add-on', async () => {
    const addon = `resource "aws_eks_addon" "guardduty" {\n  cluster_name = "core"\n  addon_name   = "aws-guardduty-agent"\n}\n`;
    expect(await runtimeFindings({ file: 'infra/addons.tf', text: addon })).toBe(0);
  });

  it('reads a CloudFormation detector’s features', async () => {
    expect(await runtimeFindings({ file: 'cfn/guardduty.yaml', text: cfnDetector('ENABLED') })).toBe(0);
    expect(await runtimeFindings({ file: 'cfn/guardduty.yaml', text: cfnDetector('DISABLED') })).toBe(1);
  });
});
