# Terraform: an internet-facing ALB without a web ACL, and web ACLs without managed rule groups or a rate-based rule.
resource "aws_lb" "ingress" { # expect: alb-waf-attached medium
  name               = "core-ingress-parser"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.vpc.public_subnets
}

resource "aws_wafv2_web_acl" "custom_only" { # expect: alb-waf-attached low
  name  = "core-custom-only"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "core-custom-only"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "no_rate_limit" { # expect: alb-waf-attached low
  name  = "core-no-rate-limit"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "core-no-rate-limit"
    sampled_requests_enabled   = true
  }
}
