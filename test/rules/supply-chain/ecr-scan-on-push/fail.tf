# ECR repositories of the core services that do not scan on push: the default, an explicit false, the ECR module turned off; the registry rule covers only core-routing.
resource "aws_ecr_repository" "core_session_manager" { # expect: ecr-scan-on-push
  name                 = "core-session-manager"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "core_ingress_parser" {
  name                 = "core-ingress-parser"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = false # expect: ecr-scan-on-push
  }
}

resource "aws_ecr_repository" "core_routing" {
  name                 = "core-routing"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_registry_scanning_configuration" "registry" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "core-rout*"
      filter_type = "WILDCARD"
    }
  }
}

module "ecr_tools" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "~> 2.0"

  repository_name              = "core-tools"
  repository_image_scan_on_push = false # expect: ecr-scan-on-push
}
