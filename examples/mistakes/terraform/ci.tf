# Mistakes shown:
# - CI deploys with an IAM user's static access key (stored as a GitHub
#   secret) instead of assuming a role through OIDC
# - the CI user's policy is "*:*" on everything, plus iam:* and sts:AssumeRole
#   on any role, "so that the pipeline never fails on permissions"
# - a shared "ops-admin" console user with a password and no MFA enforcement
# - the container log group is not encrypted with a KMS key and keeps logs
#   for a single day

resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_user_policy" "ci" {
  name = "deploy-everything"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*:*"
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["iam:*", "sts:AssumeRole"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_user" "ops_admin" {
  name = "ops-admin"
}

resource "aws_iam_user_login_profile" "ops_admin" {
  user                    = aws_iam_user.ops_admin.name
  password_reset_required = false
}

resource "aws_iam_user_policy_attachment" "ops_admin" {
  user       = aws_iam_user.ops_admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_cloudwatch_log_group" "containers" {
  name              = "/aws/eks/core/containers"
  retention_in_days = 1
}
