# Terraform: the routing role lists its actions; Deny statements with "*" and
# NotAction are guardrails, not grants.
data "aws_iam_policy_document" "core_routing" {
  statement {
    sid       = "ReadRoutes"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.routes.arn]
  }

  statement {
    sid         = "DenyOtherRegions"
    effect      = "Deny"
    not_actions = ["iam:*", "sts:*"]
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

resource "aws_iam_role_policy" "core_routing" {
  name   = "core-routing"
  role   = aws_iam_role.core_routing.id
  policy = data.aws_iam_policy_document.core_routing.json
}

resource "aws_iam_policy" "tls_only" {
  name = "core-tls-only"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
