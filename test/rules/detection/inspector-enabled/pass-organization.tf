# Inspector from the organization's delegated administrator: enabled for the admin
# account and auto-enabled for ECR and EC2 in every member account.

data "aws_caller_identity" "current" {}

resource "aws_inspector2_enabler" "admin" {
  account_ids    = [data.aws_caller_identity.current.account_id]
  resource_types = ["ECR", "EC2", "LAMBDA"]
}

resource "aws_inspector2_organization_configuration" "members" {
  auto_enable {
    ec2    = true
    ecr    = true
    lambda = false
  }
}
