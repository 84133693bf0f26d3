# Terraform: a key policy naming its administrator and user roles, and use by
# the account only through S3.
resource "aws_kms_key" "sessions" {
  description         = "core-session-manager sessions"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.sessions_key.json
}

data "aws_iam_policy_document" "sessions_key" {
  statement {
    sid       = "KeyAdministrators"
    actions   = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/platform-kms-admin"]
    }
  }

  statement {
    sid       = "ThroughS3"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}
