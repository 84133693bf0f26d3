# Terraform: s3:* on every bucket, and on a whole bucket by reference.
resource "aws_iam_policy" "session_manager" {
  name = "core-session-manager"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*" # expect: iam-s3-scoped high
      Resource = ["arn:aws:s3:::*"]
    }]
  })
}

data "aws_iam_policy_document" "ingress_parser" {
  statement {
    actions = ["s3:*"] # expect: iam-s3-scoped medium
    resources = [
      aws_s3_bucket.parsed.arn,
      "${aws_s3_bucket.parsed.arn}/*",
    ]
  }

  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::*/core-ingress-parser/*"] # expect: iam-s3-scoped high
  }
}
