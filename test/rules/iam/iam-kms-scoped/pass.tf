# Terraform: the routing role uses its own key, and any key only through S3;
# the key's own policy (Resource "*" = this key) is not judged here.
data "aws_iam_policy_document" "core_routing" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.sessions.arn]
  }

  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "sessions" {
  description         = "core-session-manager sessions"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "KeyUsers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/core-session-manager-sa-role" }
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "*"
    }]
  })
}
