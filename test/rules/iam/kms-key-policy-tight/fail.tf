# Terraform: a key policy open to every principal, and kms:* to the account
# root (the AWS default statement, low).
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "sessions" {
  description         = "core-session-manager sessions"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIamUserPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } # expect: kms-key-policy-tight low
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Anyone"
        Effect    = "Allow"
        Principal = "*" # expect: kms-key-policy-tight critical
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "logs_key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals { # expect: kms-key-policy-tight critical
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
