# The public entry point: an internet-facing Application Load Balancer in the
# public subnets, HTTPS only (TLS 1.3 policy, ACM certificate), HTTP answered
# with a redirect to HTTPS, WAF in front (waf.tf). It forwards to the
# core-ingress-parser pods over HTTPS; a TargetGroupBinding of the AWS Load
# Balancer Controller registers the pod IPs in the target group.
#
# This is the Terraform-managed form of the entry point that the Ingress in
# ../k8s/core-ingress-parser.yaml describes for the controller to create;
# a platform uses one of the two, and both carry the same settings (TLS 1.3
# policy, redirect, the same web ACL, access logs).

resource "aws_lb" "edge" {
  name                       = "core-edge"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = aws_subnet.public[*].id
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  desync_mitigation_mode     = "strictest"

  # Access logs go to the log-archive bucket of the account's logging baseline.
  access_logs {
    bucket  = "core-platform-alb-logs-111122223333"
    prefix  = "core-ingress-parser"
    enabled = true
  }
}

resource "aws_lb_target_group" "core_ingress_parser" {
  name        = "core-ingress-parser"
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 8443

  health_check {
    protocol = "HTTPS"
    path     = "/healthz/ready"
    matcher  = "200"
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.edge.arn
  protocol          = "HTTPS"
  port              = 443
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.acm_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.core_ingress_parser.arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.edge.arn
  protocol          = "HTTP"
  port              = 80

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
