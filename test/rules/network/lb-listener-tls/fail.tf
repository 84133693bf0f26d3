# Terraform: an HTTP listener forwarding to the app, one without a protocol (HTTP on an ALB), HTTPS with an old policy and without one, and HTTP on an internal ALB.
resource "aws_lb" "ingress" {
  name               = "core-ingress-parser"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.vpc.public_subnets
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.ingress.arn
  port              = 80
  protocol          = "HTTP" # expect: lb-listener-tls high

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb_listener" "http_alt" { # expect: lb-listener-tls high
  load_balancer_arn = aws_lb.ingress.arn
  port              = 8080

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.ingress.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08" # expect: lb-listener-tls medium
  certificate_arn   = aws_acm_certificate.ingress.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb_listener" "https_default_policy" {
  load_balancer_arn = aws_lb.ingress.arn
  port              = 8443
  protocol          = "HTTPS" # expect: lb-listener-tls medium
  certificate_arn   = aws_acm_certificate.ingress.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb" "internal" {
  name            = "core-routing-internal"
  internal        = true
  security_groups = [aws_security_group.internal_alb.id]
  subnets         = module.vpc.private_subnets
}

resource "aws_lb_listener" "internal_http" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 80
  protocol          = "HTTP" # expect: lb-listener-tls medium

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.routing.arn
  }
}
