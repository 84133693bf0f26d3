# A root module of the platform without a CloudTrail trail: reported once, at low
# severity, at the module's first resource.

resource "aws_s3_bucket" "sessions" { # expect: cloudtrail-enabled low
  bucket = "core-session-manager-sessions"
}
