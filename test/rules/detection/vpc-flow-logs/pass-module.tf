# VPCs from terraform-aws-modules/vpc: one with the module's own flow log, one with a
# flow log defined next to it on the module's vpc_id output.

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = "platform"
  cidr = "10.20.0.0/16"

  enable_flow_log                      = true
  create_flow_log_cloudwatch_log_group = true
  create_flow_log_cloudwatch_iam_role  = true
}

module "vpc_edge" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = "edge"
  cidr = "10.30.0.0/16"
}

resource "aws_flow_log" "edge" {
  vpc_id               = module.vpc_edge.vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::platform-flow-logs-111122223333"
}
