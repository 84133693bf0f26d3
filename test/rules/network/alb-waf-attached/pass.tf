# Terraform: the core-ingress-parser ALB with a web ACL holding managed rule groups and a rate-based rule; an internal ALB needs none.
resource "aws_lb" "ingress" {
  name               = "core-ingress-parser"
  internal           = false
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.vpc.public_subnets
}

resource "aws_lb" "internal" {
  name            = "core-routing-internal"
  internal        = true
  security_groups = [aws_security_group.internal_alb.id]
  subnets         = module.vpc.private_subnets
}

resource "aws_wafv2_web_acl" "ingress" {
  name  = "core-ingress-parser"
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

  rule {
    name     = "rate-limit"
    priority = 2

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
    metric_name                = "core-ingress-parser"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "ingress" {
  resource_arn = aws_lb.ingress.arn
  web_acl_arn  = aws_wafv2_web_acl.ingress.arn
}
