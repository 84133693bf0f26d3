# Terraform: HTTP redirects to HTTPS; HTTPS with a TLS 1.3 policy; a TCP pass-through listener on a network load balancer.
resource "aws_lb" "ingress" {
  name               = "core-ingress-parser"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.vpc.public_subnets
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.ingress.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.ingress.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.ingress.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb" "routing" {
  name               = "core-routing"
  load_balancer_type = "network"
  internal           = true
  subnets            = module.vpc.private_subnets
}

resource "aws_lb_listener" "routing_tcp" {
  load_balancer_arn = aws_lb.routing.arn
  port              = 443

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.routing.arn
  }
}
