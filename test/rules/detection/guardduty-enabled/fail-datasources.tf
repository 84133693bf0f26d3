# Older configuration style: Kubernetes audit logs turned off in the detector's
# datasources, runtime monitoring without the managed EKS agent, and no EventBridge
# rule for the findings.

resource "aws_guardduty_detector" "main" { # expect: guardduty-enabled low
  enable = true

  datasources {
    kubernetes {
      audit_logs {
        enable = false # expect: guardduty-enabled medium
      }
    }
  }
}

resource "aws_guardduty_detector_feature" "runtime_monitoring" { # expect: guardduty-enabled low
  detector_id = aws_guardduty_detector.main.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"

  additional_configuration {
    name   = "ECS_FARGATE_AGENT_MANAGEMENT"
    status = "ENABLED"
  }
}
