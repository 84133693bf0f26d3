# Terraform: the routing role decrypts with every key; kms:* in a policy
# document.
data "aws_iam_policy_document" "core_routing" {
  statement {
    sid       = "Decrypt"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"] # expect: iam-kms-scoped
  }

  statement {
    sid       = "KeyAdmin"
    actions   = ["kms:*"] # expect: iam-kms-scoped
    resources = [aws_kms_key.sessions.arn]
  }
}

resource "aws_iam_role_policy" "core_routing" {
  name = "core-routing-kms"
  role = aws_iam_role.core_routing.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "kms:Decrypt"
      Resource = "arn:aws:kms:eu-west-1:111122223333:key/*" # expect: iam-kms-scoped
      Condition = {
        StringNotEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" }
      }
    }]
  })
}
