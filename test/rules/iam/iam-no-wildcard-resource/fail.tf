# Terraform: queue and secret actions on every resource; NotResource in Allow.
data "aws_iam_policy_document" "core_routing" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = ["*"] # expect: iam-no-wildcard-resource medium
  }

  statement {
    actions       = ["secretsmanager:GetSecretValue"]
    not_resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:platform/*"] # expect: iam-no-wildcard-resource high
  }
}

resource "aws_iam_policy" "session_manager" {
  name = "core-session-manager"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["elasticache:DescribeCacheClusters", "elasticache:ModifyReplicationGroup"]
      Resource = "arn:aws:elasticache:eu-west-1:111122223333:*" # expect: iam-no-wildcard-resource medium
    }]
  })
}
