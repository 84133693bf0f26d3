# A bucket with S3-managed keys that something other than load balancer log delivery writes to, and one whose
# policy only lets ELB log delivery read: AES256 stays a finding there.
resource "aws_s3_bucket" "server_access_logs" {
  bucket = "core-session-manager-access-logs-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "server_access_logs" {
  bucket = aws_s3_bucket.server_access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: s3-bucket-encrypted medium
    }
  }
}

resource "aws_s3_bucket_policy" "server_access_logs" {
  bucket = aws_s3_bucket.server_access_logs.id
  policy = data.aws_iam_policy_document.server_access_logs.json
}

data "aws_iam_policy_document" "server_access_logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.server_access_logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "core-session-manager-exports-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: s3-bucket-encrypted medium
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}
