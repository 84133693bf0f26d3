# Mistakes shown:
# - the session audit database password is a variable DEFAULT committed to
#   git (a fake value here: EXAMPLE-not-a-real-password), so every clone of
#   the repository holds it and it never rotates
# - the EKS version is a default nobody revisits

variable "db_password" {
  description = "Password of the session audit database"
  type        = string
  default     = "EXAMPLE-not-a-real-password"
}

variable "cluster_version" {
  description = "Kubernetes version of the core cluster"
  type        = string
  default     = "1.28"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}
