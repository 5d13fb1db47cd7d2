"""Value objects made once per distinct value (each made is a round trip to the jsii runtime)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s

from kube_airflow.kube.specs import int_value, port_ref, quantity, quantity_text


def test_one_object_per_distinct_value() -> None:
    assert quantity("3Gi") is quantity("3Gi")
    assert quantity("3Gi") is not quantity("4Gi")
    assert int_value(8080) is int_value(8080)
    assert port_ref("http") is port_ref("http")


def test_quantity_text_is_what_the_runtime_holds() -> None:
    # Ours is known without asking; one made elsewhere (a user's pod options) is asked.
    assert quantity_text(quantity("1536Mi")) == "1536Mi" == quantity("1536Mi").value
    assert quantity_text(k8s.Quantity.from_string("7Gi")) == "7Gi"
    assert int_value(8793).value == 8793
