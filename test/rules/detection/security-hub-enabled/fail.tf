# Security Hub with the default standards turned off and only PCI DSS subscribed:
# neither the AWS Foundational nor the CIS standard checks the account.

data "aws_region" "current" {}

resource "aws_securityhub_account" "main" {
  enable_default_standards = false # expect: security-hub-enabled medium
}

resource "aws_securityhub_standards_subscription" "pci" {
  standards_arn = "arn:aws:securityhub:${data.aws_region.current.name}::standards/pci-dss/v/3.2.1"
  depends_on    = [aws_securityhub_account.main]
}
