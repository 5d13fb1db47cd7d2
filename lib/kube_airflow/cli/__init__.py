"""The command line: `kube-airflow synth` (and main.py), `status`/`wait`, the values schema and
its reference, and the diagram drawn from the synthesized manifests."""
