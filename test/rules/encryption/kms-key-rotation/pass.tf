# Rotating symmetric keys; an asymmetric signing key cannot rotate automatically and is left alone.
resource "aws_kms_key" "sessions" {
  description             = "core-session-manager sessions data"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

resource "aws_kms_key" "image_signing" {
  description              = "cosign key for core images"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}
