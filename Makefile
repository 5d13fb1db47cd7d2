# kube-airflow: `make synth` writes the default deployment to dist/, `make test` runs every check.
# Prerequisites: Python 3.11+ and Node.js 18+ (jsii runs the cdk8s core on Node); the rest installs itself.

PYTHON ?= python3
CHECKOV_VERSION := 3.3.30
export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_VERBOSITY := -1
export PIPENV_NOSPIN := 1
# The Pipfile names its package index through this variable, so no index host is written in the
# repository: your own PIP_INDEX_URL (a mirror) wins, else pip's default index.
PIP_INDEX_URL ?= $(shell $(PYTHON) -c 'from pip._internal.models.index import PyPI; print(PyPI.simple_url)')
export PIP_INDEX_URL

# The image: `make build IMAGE=registry.example.com/airflow:1.2` builds it, and `make synth` with the
# same IMAGE makes every pod run it. The base is the pin in lib/kube_airflow/versions.py.
AIRFLOW_VERSION := $(shell sed -n 's/^AIRFLOW_VERSION = "\(.*\)"/\1/p' lib/kube_airflow/versions.py)
AIRFLOW_IMAGE ?= apache/airflow:$(AIRFLOW_VERSION)
IMAGE ?= kube-airflow:$(AIRFLOW_VERSION)
REQUIREMENTS_TXT_LOCATION ?= image/requirements/dags.txt
CONTAINER_TOOL ?= $(shell command -v podman >/dev/null 2>&1 && echo podman || echo docker)
# Where the deployment lives; given on the command line they also reach main.py.
NAMESPACE ?= airflow
PREFIX ?= airflow
KUBECTL ?= kubectl
OUT ?= dist
# Pass --image, --namespace, --prefix to main.py only when given (command line or environment).
given = $(filter command line environment,$(origin $(1)))
SYNTH_ARGS := $(if $(call given,IMAGE),--image $(IMAGE)) \
	$(if $(call given,NAMESPACE),--namespace $(NAMESPACE)) $(if $(call given,PREFIX),--prefix $(PREFIX)) \
	$(foreach v,$(VALUES),--values $(v))

PIPENV := $(PYTHON) -m pipenv
RUN := $(PIPENV) run

.PHONY: synth build apply delete diff status wait admin-password flower-login browse-web browse-flower schema diagram docs test test-fast test-cluster-and-drills drills test-scale e2e lint typecheck benchmark benchmark-synth benchmark-probes benchmark-load clean cluster cluster-down build-cluster build-standins build-linters test-cluster soak fuzz

synth: .venv/.synced
	$(RUN) python main.py --out $(OUT) $(SYNTH_ARGS)

# kubectl against $(OUT) (synthesized first, with the same IMAGE/NAMESPACE/PREFIX/VALUES).
# Objects of this deployment that are no longer in $(OUT) (the previous image's Jobs, a disabled
# component) are pruned; Namespaces, PVCs and Secrets never are, so data and keys survive.
PRUNE_ALLOWLIST := core/v1/ConfigMap core/v1/Service core/v1/ServiceAccount batch/v1/Job \
	batch/v1/CronJob apps/v1/Deployment apps/v1/StatefulSet networking.k8s.io/v1/NetworkPolicy \
	policy/v1/PodDisruptionBudget \
	networking.k8s.io/v1/Ingress rbac.authorization.k8s.io/v1/Role \
	rbac.authorization.k8s.io/v1/RoleBinding
APPLY_ARGS = --prune -l app.kubernetes.io/instance=$(PREFIX) \
	$(addprefix --prune-allowlist=,$(PRUNE_ALLOWLIST))
apply: synth
	$(KUBECTL) apply $(APPLY_ARGS) -f $(OUT)/

# `make delete` keeps the data: the Namespace (and so the generated Secret and yours) and volume
# claims, which main.py writes into files of their own (KEEP_FILES), stay, and the StatefulSets
# retain their claims. PURGE=yes deletes everything in $(OUT) too; when $(OUT) has no Namespace
# (create_namespace: false) it also deletes the claims and the generated Secret of $(PREFIX) in
# $(NAMESPACE), which are not in $(OUT).
# Either way the Celery workers go first, and `make delete` waits for their pods to be gone: their
# warm shutdown finishes the tasks they run, which need the api-server, the database and the broker
# (deleted together, a worker with a task holds its pod for its whole grace period and that try of
# the task fails).
NAMESPACE_FILE := 0-namespace.k8s.yaml
KEEP_FILES := $(NAMESPACE_FILE) 1-volume-claims.k8s.yaml
DEPLOYMENT_FILES = $(filter-out $(addprefix $(OUT)/,$(KEEP_FILES)),$(wildcard $(OUT)/*.yaml))
delete:
	@[ -n "$(wildcard $(OUT)/*.yaml)" ] || { echo "$(OUT)/ holds no manifests: make synth first," \
		"with the options the deployment was applied with" >&2; exit 1; }
	$(KUBECTL) delete --ignore-not-found --cascade=foreground -l app.kubernetes.io/component=worker \
		$(addprefix -f ,$(DEPLOYMENT_FILES))
ifeq ($(PURGE),yes)
	$(KUBECTL) delete -f $(OUT)/ --ignore-not-found
	[ -e $(OUT)/$(NAMESPACE_FILE) ] || $(KUBECTL) -n $(NAMESPACE) delete \
		persistentvolumeclaims,secrets -l app.kubernetes.io/instance=$(PREFIX) --ignore-not-found
else
	$(KUBECTL) delete --ignore-not-found $(addprefix -f ,$(DEPLOYMENT_FILES))
endif

# What the cluster is doing with the deployment: `make status` once (exit 0 when ready), `make wait`
# until it is ready or TIMEOUT seconds pass (then the stuck pods' events and logs, exit 1).
TIMEOUT ?= 600
STATUS = $(RUN) python -m kube_airflow status --namespace $(NAMESPACE) --prefix $(PREFIX) --kubectl "$(KUBECTL)"
status: .venv/.synced
	@$(STATUS)

wait: .venv/.synced
	@$(STATUS) --wait --timeout $(TIMEOUT)

# kubectl diff exits 1 when there are differences: that is an answer, not a failure.
diff: synth
	$(KUBECTL) diff -f $(OUT)/ || [ $$? -eq 1 ]

admin-password:
	@$(KUBECTL) -n $(NAMESPACE) get secret $(PREFIX)-generated -o jsonpath='{.data.admin-password}' | base64 -d; echo

browse-web:
	@echo "Airflow UI on http://localhost:8080 (user admin; password: make admin-password)"
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/$(PREFIX)-api-server 8080:8080

flower-login:
	@$(KUBECTL) -n $(NAMESPACE) get secret $(PREFIX)-generated -o jsonpath='{.data.flower-basic-auth}' | base64 -d; echo

browse-flower:
	@echo "Flower on http://localhost:5555 (user:password: make flower-login, unless flower.basic_auth names your own Secret)"
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/$(PREFIX)-flower 5555:5555

# Regenerate values.schema.json and the values reference page (docs/reference/values.md) from the props model.
schema: .venv/.synced
	$(RUN) python -m kube_airflow schema --write

# A picture of the deployment, drawn from the synthesized objects. `make diagram` redraws
# $(ARCHITECTURE_SVG) from the default deployment, synthesized in a temporary directory; with
# VALUES (or IMAGE, NAMESPACE, PREFIX) it synthesizes that deployment into $(OUT) and draws
# $(OUT)/architecture.svg there (kubectl apply -f $(OUT)/ reads only .yaml, .yml and .json).
ARCHITECTURE_SVG ?= docs/architecture.svg
diagram: .venv/.synced
ifeq ($(strip $(SYNTH_ARGS)),)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(RUN) python main.py --out "$$tmp/dist" && \
	$(RUN) python -m kube_airflow diagram --in "$$tmp/dist" --out $(ARCHITECTURE_SVG)
else
	$(RUN) python main.py --out $(OUT) $(SYNTH_ARGS)
	$(RUN) python -m kube_airflow diagram --in $(OUT) --out $(OUT)/architecture.svg
endif

build:
	$(CONTAINER_TOOL) build -f image/Dockerfile \
		--build-arg AIRFLOW_IMAGE=$(AIRFLOW_IMAGE) \
		--build-arg REQUIREMENTS=$(REQUIREMENTS_TXT_LOCATION) \
		-t $(IMAGE) .

# Everything: lint, types, tiers 1-3, then the cluster tier, the fault drills and the scaling
# tests on a real Kubernetes, which start the cluster built here when none runs (and stop it
# again), or use KUBE_AIRFLOW_TEST_KUBECONFIG. They run in one pytest session, so the cluster
# starts and the images are loaded once; the slowest tests are listed at the end.
test: test-fast test-cluster-and-drills

test-cluster-and-drills: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m pytest -m "cluster or drills or scale" -p no:cacheprovider \
		--durations=25 tests/cluster

# Tiers 1-3 only (a few minutes): for the edit-test loop.
test-fast: .venv/.synced-dev .venv-checkov/bin/checkov lint typecheck docs
	$(RUN) python -m pytest -m "not cluster and not drills and not scale and not soak"

# The property-based input test with thousands of generated values (test-fast runs 200).
fuzz: .venv/.synced-dev .venv-checkov/bin/checkov
	KUBE_AIRFLOW_FUZZ_EXAMPLES=2000 $(RUN) python -m pytest -p no:cacheprovider -s tests/test_fuzz.py

# The cluster tier alone (pytest marker `cluster`).
test-cluster: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m pytest -m cluster -p no:cacheprovider tests/cluster

# The fault drills alone (pytest marker `drills`): faults caused while a task runs.
drills: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m pytest -m drills -p no:cacheprovider tests/cluster

# The workers' autoscalers driven (pytest marker `scale`): the HPA through metrics-server, KEDA
# as pods.
test-scale: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m pytest -m scale -p no:cacheprovider tests/cluster

# The soak (pytest marker `soak`, ~25 min; not part of `make test`): the default deployment under
# load for KUBE_AIRFLOW_SOAK_MINUTES (20), where no healthy task may fail or retry and no pod restart.
soak: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m pytest -m soak -p no:cacheprovider -s tests/cluster

# A single-node Kubernetes built from upstream on this machine (root; see tests/cluster/README.md).
# `make cluster` builds what is missing, starts it, and prints the admin kubeconfig's path last.
cluster: .venv/.synced-dev
	@$(RUN) python -m tests.cluster up

# Only the build: Kubernetes, CoreDNS, kube-router, Traefik (~15 min on 2 cores the first time;
# cached under ~/.cache/kube-airflow after).
build-cluster: .venv/.synced-dev
	$(RUN) python -m tests.cluster build

# The stand-ins of the official images our manifests name (tests/image/standin/), built with podman
# where missing or out of date: the Airflow one's first build takes ~12 min, then seconds.
build-standins: .venv/.synced-dev
	$(RUN) python -m tests.podman

# kube-score and Polaris for the static tier, built from their Go modules once per machine
# (Polaris from a clone named by KUBE_AIRFLOW_POLARIS_GIT where the module proxy refuses it).
build-linters: .venv/.synced-dev
	$(RUN) python -m tests.conformance.linters

cluster-down: .venv/.synced-dev
	$(RUN) python -m tests.cluster down

# The end-to-end scenarios now run on the real cluster: the cluster tier.
e2e: test-cluster

# The docs site from docs/ into $(DOCS_BUILD)/html (Sphinx, MyST, Furo), strict: any warning (a
# broken link, heading anchor or reference, a page in no toctree) fails; then the site's own links
# are checked (web addresses are skipped: no network is assumed).
DOCS ?= docs
DOCS_BUILD ?= $(DOCS)/_build
SPHINX = $(RUN) sphinx-build -W --keep-going -n -q -d $(DOCS_BUILD)/doctrees
docs: .venv/.synced-dev
	$(SPHINX) -E -b html $(DOCS) $(DOCS_BUILD)/html
	$(SPHINX) -b linkcheck $(DOCS) $(DOCS_BUILD)/linkcheck

lint: .venv/.synced-dev
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: .venv/.synced-dev
	$(RUN) mypy lib

# What it costs, each figure against its floor, as one table (cold start, idle CPU, synth); runs on
# the cluster of `make cluster`, started when none runs (~50 min). benchmark-synth: synth alone.
# benchmark-probes: what each probe of the default deployment costs its pod (~10 min).
# benchmark-load: many short tasks, the default and with PgBouncer against the bare stack.
benchmark: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m tests.cluster.benchmark --json docs/data/benchmark.json

benchmark-synth: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python tests/benchmark_synth.py --phases --json docs/data/synth.json

benchmark-probes: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m tests.cluster.benchmark_probes --json docs/data/probe-costs.json

benchmark-load: .venv/.synced-dev
	MAKE_TARGET=$@ $(RUN) python -m tests.cluster.benchmark_load --json docs/data/load.json

.venv/.synced: Pipfile.lock | pipenv
	$(PIPENV) sync
	touch $@

.venv/.synced-dev: Pipfile.lock | pipenv
	$(PIPENV) sync --dev
	touch $@ .venv/.synced

.venv-checkov/bin/checkov:
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet "checkov==$(CHECKOV_VERSION)"

.PHONY: pipenv
pipenv:
	@$(PYTHON) -m pipenv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet pipenv

clean:
	rm -rf dist .venv .venv-checkov docs/_build
