# The management account creating separate production and development accounts: the
# separation being built, not a breach of it.

resource "aws_organizations_organization" "main" {
  feature_set = "ALL"
}

resource "aws_organizations_account" "prod" {
  name  = "platform-prod"
  email = "aws-platform-prod@example.com"
  tags = {
    Environment = "prod"
  }
}

resource "aws_organizations_account" "dev" {
  name  = "platform-dev"
  email = "aws-platform-dev@example.com"
  tags = {
    Environment = "dev"
  }
}
