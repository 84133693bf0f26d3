# Customer-managed keys of the platform without automatic rotation.
resource "aws_kms_key" "sessions" { # expect: kms-key-rotation
  description = "core-session-manager sessions data"
}

resource "aws_kms_key" "eks" {
  description              = "envelope encryption of the core cluster's Secrets"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = false # expect: kms-key-rotation
}
