# Inspector enabled for EC2 hosts only: images in ECR are never rescanned for new CVEs.

data "aws_caller_identity" "current" {}

resource "aws_inspector2_enabler" "main" {
  account_ids    = [data.aws_caller_identity.current.account_id]
  resource_types = ["EC2"] # expect: inspector-enabled medium
}
