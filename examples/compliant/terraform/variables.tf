# Inputs. Secrets have no default and are marked sensitive: the pipeline
# passes them from Secrets Manager (TF_VAR_…), never from a file in git.

variable "redis_auth_token" {
  description = "Initial AUTH token of the sessions Redis; rotated afterwards by the rotation function, so Terraform ignores later changes."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.redis_auth_token) >= 32
    error_message = "The Redis AUTH token must be at least 32 characters."
  }
}

variable "secret_rotation_lambda_arn" {
  description = "ARN of the Secrets Manager rotation function (deployed from the AWS rotation templates by the security pipeline)."
  type        = string
}

variable "acm_certificate_arn" {
  description = "ACM certificate of api.core.example.com for the public HTTPS listener."
  type        = string
  default     = "arn:aws:acm:eu-west-1:111122223333:certificate/3f2b6c1e-8d4a-4c9b-9e57-0a1b2c3d4e5f"
}

variable "security_alerts_email" {
  description = "Mailbox of the security on-call rotation, subscribed to the GuardDuty alert topic."
  type        = string
  default     = "security-oncall@example.com"
}

variable "vpc_cidr" {
  description = "CIDR block of the platform VPC."
  type        = string
  default     = "10.40.0.0/16"
}
