# A trail that records one region only, without log file validation or a KMS key, with
# logging turned off.

resource "aws_s3_bucket" "trail" {
  bucket = "platform-cloudtrail-111122223333"
}

resource "aws_cloudtrail" "main" { # expect: cloudtrail-enabled high
  name                       = "platform-trail"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = false # expect: cloudtrail-enabled medium
  enable_logging             = false # expect: cloudtrail-enabled high
}
