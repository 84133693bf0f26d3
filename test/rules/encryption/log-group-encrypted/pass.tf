# Log groups for Fluent Bit encrypted with the platform's logs key (a resource in this module, or a key ARN passed in).
resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs of the core cluster"
  enable_key_rotation = true
}

variable "logs_kms_key_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "core_session_manager" {
  name              = "/eks/core/core-session-manager"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "core_ingress_parser" {
  name              = "/eks/core/core-ingress-parser"
  retention_in_days = 30
  kms_key_id        = var.logs_kms_key_arn
}
