# Terraform: a node controller with ec2:* and unconditioned instance changes.
data "aws_iam_policy_document" "node_controller" {
  statement {
    actions   = ["ec2:*"] # expect: iam-ec2-scoped high
    resources = ["*"]
  }

  statement {
    actions = [
      "ec2:RunInstances",
      "ec2:TerminateInstances",
      "ec2:CreateTags",
    ]
    resources = ["arn:aws:ec2:eu-west-1:111122223333:instance/*"] # expect: iam-ec2-scoped high
  }
}
