# One root module holding provider configurations for the production and the
# development account, and deploying the platform into both.

provider "aws" {
  alias               = "prod"
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

provider "aws" {
  alias               = "dev"
  region              = "eu-west-1"
  allowed_account_ids = ["444455556666"]
}

module "platform_prod" {
  source      = "./modules/platform"
  environment = "prod"
  providers = {
    aws = aws.prod
  }
}

module "platform_dev" {
  source      = "./modules/platform"
  environment = "dev"
  providers = {
    aws = aws.dev # expect: account-separation low
  }
}
