# Image repositories: the three services and the two mirrored platform images
# (../k8s pulls everything from this registry, by digest). Tags are immutable,
# images are scanned on push and continuously by Inspector (enhanced scanning),
# and encrypted with the platform key.

resource "aws_ecr_repository" "images" {
  for_each = toset([
    "core-session-manager",
    "core-routing",
    "core-ingress-parser",
    "mirror/fluent-bit",
    "mirror/opentelemetry-collector-contrib",
  ])

  name                 = each.key
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.platform.arn
  }
}

resource "aws_ecr_registry_scanning_configuration" "enhanced" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_lifecycle_policy" "images" {
  for_each   = aws_ecr_repository.images
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 50 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 50
      }
      action = { type = "expire" }
    }]
  })
}
