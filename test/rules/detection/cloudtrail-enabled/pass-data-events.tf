# A multi-region management-event trail plus a single-region trail for S3 data events
# of the session bucket: one multi-region trail covers every region.

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log encryption"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "management" {
  name                       = "platform-management"
  s3_bucket_name             = "platform-cloudtrail-111122223333"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "session_data_events" {
  name                       = "core-session-manager-data-events"
  s3_bucket_name             = "platform-cloudtrail-111122223333"
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::core-session-manager-sessions/"]
    }
  }
}
