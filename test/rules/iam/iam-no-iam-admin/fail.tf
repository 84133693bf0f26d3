# Terraform: a controller role that can rewrite IAM and pass any role.
data "aws_iam_policy_document" "controller" {
  statement {
    sid = "ManageIam"
    actions = [
      "iam:Get*",
      "iam:CreatePolicyVersion", # expect: iam-no-iam-admin high
      "iam:Attach*Policy",       # expect: iam-no-iam-admin high
    ]
    resources = ["arn:aws:iam::111122223333:policy/core-*"]
  }

  statement {
    sid       = "PassRoles"
    actions   = ["iam:PassRole"] # expect: iam-no-iam-admin high
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "routing_admin" {
  name = "core-routing-admin"
  role = aws_iam_role.core_routing.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:*"] # expect: iam-no-iam-admin critical
      Resource = "arn:aws:iam::111122223333:role/core-routing-sa-role"
    }]
  })
}
