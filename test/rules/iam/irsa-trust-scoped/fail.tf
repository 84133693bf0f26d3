# Terraform: IRSA trust policies that admit every service account of a
# namespace, or of the whole cluster.
locals {
  oidc_provider = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
}

resource "aws_iam_role" "core_routing" {
  name = "core-routing-sa-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.oidc_provider}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.oidc_provider}:sub" = "system:serviceaccount:core-routing:*" } # expect: irsa-trust-scoped high
      }
    }]
  })
}

data "aws_iam_policy_document" "session_manager_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition { # expect: irsa-trust-scoped critical
      test     = "StringEquals"
      variable = "${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "session_manager" {
  name               = "core-session-manager-sa-role"
  assume_role_policy = data.aws_iam_policy_document.session_manager_trust.json
}
