"""A single-node Kubernetes built from upstream source and run on this machine for the tests.

`python -m tests.cluster up` builds what is missing, starts etcd, the control plane, containerd, a
kubelet, kube-proxy, CoreDNS and kube-router, waits until the node is Ready and prints the admin
kubeconfig's path; `down` stops all of it and removes its state. See README.md beside this file.
"""
