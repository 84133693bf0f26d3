# Inspector enabled for ECR only: the EKS worker nodes (EC2) are not assessed, which
# matters unless every pod runs on Fargate.

resource "aws_inspector2_enabler" "main" {
  account_ids    = ["111122223333"]
  resource_types = ["ECR"] # expect: inspector-enabled low
}
