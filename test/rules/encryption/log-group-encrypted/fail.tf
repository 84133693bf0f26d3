# Log groups that Fluent Bit ships the core services' logs to, without a KMS key.
resource "aws_cloudwatch_log_group" "core_session_manager" { # expect: log-group-encrypted
  name              = "/eks/core/core-session-manager"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "core_routing" { # expect: log-group-encrypted
  name              = "/eks/core/core-routing"
  retention_in_days = 30
  kms_key_id        = ""
}
