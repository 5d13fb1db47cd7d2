"""The optional features, one module each: sign-in, task logs, metrics, autoscaling (KEDA or an
HPA), housekeeping CronJobs, the Ingress, NetworkPolicies and GitOps annotations."""
