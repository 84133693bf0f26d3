# Access-log buckets of the public ALB: Elastic Load Balancing writes access logs with S3-managed keys only,
# so AES256 is right where the bucket policy lets ELB log delivery put objects (service principal, or the
# region's ELB account in older regions).
resource "aws_s3_bucket" "alb_logs" {
  bucket = "core-ingress-parser-alb-logs-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  policy = data.aws_iam_policy_document.alb_logs.json
}

data "aws_iam_policy_document" "alb_logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.alb_logs.arn}/alb/AWSLogs/111122223333/*"]

    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }
}

data "aws_elb_service_account" "main" {}

resource "aws_s3_bucket" "legacy_alb_logs" {
  bucket = "core-ingress-parser-legacy-alb-logs-111122223333"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket_policy" "legacy_alb_logs" {
  bucket = aws_s3_bucket.legacy_alb_logs.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = data.aws_elb_service_account.main.arn }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.legacy_alb_logs.arn}/AWSLogs/111122223333/*"
    }]
  })
}

# The ELB account of us-east-1 written out, as the AWS documentation shows it.
resource "aws_s3_bucket" "us_east_alb_logs" {
  bucket = "core-ingress-parser-us-east-alb-logs-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "us_east_alb_logs" {
  bucket = aws_s3_bucket.us_east_alb_logs.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "us_east_alb_logs" {
  bucket = aws_s3_bucket.us_east_alb_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::127311923021:root" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.us_east_alb_logs.arn}/AWSLogs/111122223333/*"
    }]
  })
}
