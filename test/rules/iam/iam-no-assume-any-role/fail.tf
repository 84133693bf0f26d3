# Terraform: the session manager may assume any role of the account.
data "aws_iam_policy_document" "session_manager" {
  statement {
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*"] # expect: iam-no-assume-any-role high
  }
}

resource "aws_iam_policy" "ci_runner" {
  name = "core-ci-runner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Resource = [
        aws_iam_role.deployer.arn,
        "*", # expect: iam-no-assume-any-role high
      ]
    }]
  })
}
