# Terraform: the CI runner assumes the named deployer role; tag-based
# assumption is limited by the role's tag.
resource "aws_iam_policy" "ci_runner" {
  name = "core-ci-runner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = [aws_iam_role.deployer.arn, "arn:aws:iam::111122223333:role/core-routing-deployer"]
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/team" = "core-platform" } }
      },
    ]
  })
}
