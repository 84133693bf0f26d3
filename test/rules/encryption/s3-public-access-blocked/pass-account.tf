# An account-level public access block covers every bucket of the account, including the sessions bucket.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "sessions" {
  bucket = "core-session-manager-sessions-111122223333"
}
