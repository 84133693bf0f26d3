# Terraform: full wildcards in a jsonencode policy, a policy-document data
# source and a heredoc inline policy.
resource "aws_iam_policy" "debug" {
  name = "core-routing-debug"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # expect: iam-no-full-wildcard critical
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "session_manager" {
  statement {
    sid         = "AllButIam"
    not_actions = ["iam:*"] # expect: iam-no-full-wildcard critical
    resources   = ["*"]
  }

  statement {
    sid       = "SessionsBucket"
    actions   = ["s3:GetObject", "*:*"] # expect: iam-no-full-wildcard high
    resources = ["${aws_s3_bucket.sessions.arn}/core-session-manager/*"]
  }
}
