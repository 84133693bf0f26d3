# Production and staging deployed by the same root module through the same provider:
# they share one AWS account.

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

module "core_routing_production" {
  source      = "./modules/service"
  name        = "core-routing"
  environment = "production"
}

module "core_routing_staging" {
  source      = "./modules/service"
  name        = "core-routing"
  environment = "staging" # expect: account-separation low
}
