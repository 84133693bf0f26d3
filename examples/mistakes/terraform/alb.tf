# Mistakes shown:
# - the public ALB serves plain HTTP on port 80 and forwards it to the pods
#   instead of redirecting to HTTPS
# - the HTTPS listener uses ELBSecurityPolicy-2016-08, which still accepts
#   TLS 1.0 and 1.1
# - no WAF web ACL is associated with the ALB (see waf.tf)
resource "aws_lb" "public" {
  name               = "core-public"
  load_balancer_type = "application"
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "ingress_parser" {
  name        = "core-ingress-parser"
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
  protocol    = "HTTP"
  port        = 8080
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  protocol          = "HTTP"
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  protocol          = "HTTPS"
  port              = 443
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/3f2b6c1e-8d4a-4c9b-9e57-0a1b2c3d4e5f"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress_parser.arn
  }
}
