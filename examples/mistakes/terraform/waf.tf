# Mistakes shown:
# - a web ACL was created during a pen-test finding but never associated
#   with the ALB, so it protects nothing
# - it has no rate-based rule, so one client can flood the parser
resource "aws_wafv2_web_acl" "core" {
  name  = "core"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
    priority = 1
    override_action {
      count {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false
      metric_name                = "aws-common"
      sampled_requests_enabled   = false
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "core"
    sampled_requests_enabled   = false
  }
}
