# Terraform: GitHub Actions deploy roles trusting every repository of the
# organization, or any repository at all.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "deploy_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub" # expect: ci-oidc-trust-scoped high
      values   = ["repo:example-org/*"]
    }
  }
}

resource "aws_iam_role" "terraform_plan" {
  name = "core-terraform-plan"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn } # expect: ci-oidc-trust-scoped critical
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}
