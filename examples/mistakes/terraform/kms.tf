# Mistakes shown:
# - the key never rotates (enable_key_rotation left at its default, false)
# - its key policy gives kms:* to every AWS principal ("*") with no
#   kms:CallerAccount or aws:PrincipalOrgID condition ("it was the only way
#   the pods could decrypt")
resource "aws_kms_key" "main" {
  description             = "core platform key"
  deletion_window_in_days = 7

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowEverything"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "main" {
  name          = "alias/core-platform"
  target_key_id = aws_kms_key.main.key_id
}
