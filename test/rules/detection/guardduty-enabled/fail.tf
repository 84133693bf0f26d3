# GuardDuty configured badly: the us-east-1 detector is switched off, the eu-west-1
# detector disables EKS audit logs and has no runtime monitoring, and the rule that
# matches its findings has no target.

resource "aws_guardduty_detector" "eu_west_1" { # expect: guardduty-enabled medium
  enable = true
}

resource "aws_guardduty_detector_feature" "eks_audit_logs" {
  detector_id = aws_guardduty_detector.eu_west_1.id
  name        = "EKS_AUDIT_LOGS"
  status      = "DISABLED" # expect: guardduty-enabled medium
}

resource "aws_guardduty_detector" "us_east_1" {
  provider = aws.us_east_1
  enable   = false # expect: guardduty-enabled high
}

resource "aws_cloudwatch_event_rule" "guardduty_findings" { # expect: guardduty-enabled low
  name = "guardduty-findings"
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
  })
}
