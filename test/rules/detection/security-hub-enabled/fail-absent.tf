# A root module of the platform without Security Hub: reported once, at low severity,
# at the module's first resource.

resource "aws_ecr_repository" "core_session_manager" { # expect: security-hub-enabled low
  name                 = "core-session-manager"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
