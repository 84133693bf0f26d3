# Terraform: the session manager reads and writes its own prefix and lists
# only that prefix.
data "aws_iam_policy_document" "session_manager" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.sessions.arn}/core-session-manager/*"]
  }

  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.sessions.arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["core-session-manager/*"]
    }
  }
}
